"""An ``__init__`` (of an object made in the differentiated function) that fills in a
list or dict attribute: the attribute is a local variable until the end of the
``__init__`` (normalize/init_containers.py)."""

import numpy as np
from gradcheck import check_all_modes, check_rejected

LAYOUT = (("a", 2), ("b", 1))


class Unpacked:
    def __init__(self, v):
        self.parts = {}
        self.order = []
        start = 0
        for key, size in LAYOUT:
            self.parts[key] = v[start : start + size]
            self.order.append(key)
            start += size
        self.total = np.sum(v)

    def value(self):
        a, b = self.parts["a"], self.parts[self.order[-1]]
        return np.sum(np.sin(a) * b) + self.total**2


def made_and_read(v):
    return Unpacked(v * 1.5).value()


def test_a_container_filled_in_init():
    check_all_modes(made_and_read, [0.3, -0.8, 1.1])


class ReadsAClassConstant:
    LAYOUT = LAYOUT

    def __init__(self, v):
        self.parts = {}
        for i, (key, _) in enumerate(self.LAYOUT):
            self.parts[key] = v[i]  # item store after a read of the class's LAYOUT

    def value(self):
        return self.parts["a"] * self.parts["b"]


class CallsAMethod:
    def __init__(self, v):
        self.parts = {}
        self.fill(v)
        self.parts["a"] = v[0]

    def fill(self, v):
        return v

    def value(self):
        return self.parts["a"] ** 2


def class_constant(v):
    return ReadsAClassConstant(v).value()


def method_in_init(v):
    return CallsAMethod(v).value()


class ReadsAProperty:
    def __init__(self, v):
        self.parts = {}
        for i in range(self.count):
            self.parts[i] = v[i]  # a property runs code, which could read self.parts

    @property
    def count(self):
        return 2

    def value(self):
        return self.parts[0] * self.parts[1]


def property_in_init(v):
    return ReadsAProperty(v).value()


def test_a_class_constant_read_in_init():  # cannot see the attribute (session 19)
    check_all_modes(class_constant, [0.3, -0.8])


def test_where_others_may_see_the_attribute_it_is_still_an_error():
    for f, cls in ((property_in_init, ReadsAProperty), (method_in_init, CallsAMethod)):
        lines = range(cls.__init__.__code__.co_firstlineno, cls.value.__code__.co_firstlineno)
        check_rejected(f, [0.3, -0.8], "attribute of self", lines=list(lines))
