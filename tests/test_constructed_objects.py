"""Objects built inside the differentiated function from differentiated values (issue
12): ``HMM(theta)`` of a user class whose ``__init__`` stores derived arrays on ``self``,
read by its methods; static and class methods called through ``self`` or the class;
properties; methods calling methods; ``super().__init__``; objects made in a loop, held
by another object or a list, returned by a helper; NamedTuples and dataclasses with
methods.

Each accepted program is checked in reverse mode against central finite differences and
autograd, in forward mode (``jvp``) against the gradient, and forward over reverse
(``hessian``) against autograd's Hessian; each gradient is checked to be non-zero, so a
field whose derivative was dropped would fail. Each rejected one is checked for its
error class and the user's line (never a silent wrong gradient).
"""

from __future__ import annotations

import dataclasses
import functools
import inspect
from typing import NamedTuple

import numpy
import pytest
from gradcheck import check_grads

import s2sgrad
from s2sgrad.errors import NonDifferentiableError, UnsupportedSyntaxError

np = numpy  # swapped for autograd.numpy while autograd runs the same functions (_oracle)

X = numpy.array([[0.5, -1.2, 2.0], [0.9, -0.4, 0.3], [-0.6, 0.8, 0.1], [1.3, 0.2, -0.9]])
W = numpy.array([[0.4, -0.7], [1.1, 0.3], [-0.2, 0.5]])
V = numpy.array([0.4, -0.7, 1.1])


def _oracle(transform, f, w):
    """``autograd.<transform>(f)(w)`` with this module's ``np`` being autograd.numpy, so
    the functions and methods below run as autograd programs."""
    global np
    autograd = pytest.importorskip("autograd")
    saved, np = np, pytest.importorskip("autograd.numpy")
    try:
        return getattr(autograd, transform)(f)(w)
    finally:
        np = saved


def check_all(f, w=W, hessian=True):
    """grad against finite differences and autograd; jvp against grad; hessian against
    autograd's."""
    (g,) = check_grads(f, w, rtol=1e-5, atol=1e-6)
    assert numpy.max(numpy.abs(g)) > 1e-3  # a lost field's derivative would be zero
    numpy.testing.assert_allclose(g, _oracle("grad", f, w), rtol=1e-9, atol=1e-12)
    value, g2 = s2sgrad.value_and_grad(f)(w)
    numpy.testing.assert_allclose(value, f(w), rtol=1e-12)
    numpy.testing.assert_allclose(g2, g, rtol=1e-12)
    v = numpy.random.default_rng(0).normal(size=numpy.shape(w))
    primal, tangent = s2sgrad.jvp(f, (w,), (v,))
    numpy.testing.assert_allclose(primal, f(w), rtol=1e-12)
    numpy.testing.assert_allclose(tangent, numpy.sum(g * v), rtol=1e-7, atol=1e-9)
    if hessian:
        h = s2sgrad.hessian(f)(w)
        expected = _oracle("hessian", f, w)
        assert numpy.max(numpy.abs(expected)) > 1e-3
        numpy.testing.assert_allclose(h, expected, rtol=1e-7, atol=1e-9)
    return g


def line_of(f, text):
    lines, start = inspect.getsourcelines(f)
    return start + next(i for i, line in enumerate(lines) if text in line)


def check_error(f, cls, where, text, w=W):
    """``grad(f)`` raises ``cls`` at the line of ``where`` holding ``text``."""
    with pytest.raises(cls) as e:
        s2sgrad.grad(f)(w)
    assert e.value.lineno == line_of(where, text), str(e.value)
    return str(e.value)


# ---- a class whose __init__ stores derived values, read by its methods ---------------


class Dense:
    def __init__(self, w, scale=1.0):
        self.w = w * scale
        self.b = np.sum(w, axis=0) * 0.1

    def forward(self, x):
        return np.tanh(x @ self.w + self.b)


def built_then_called(w):
    layer = Dense(w, scale=2.0)
    return np.sum(layer.forward(X) ** 2)


def built_and_called_inline(w):
    return np.sum(Dense(w).forward(X))


def attributes_read_in_the_function(w):
    layer = Dense(w, 0.5)
    return np.sum(layer.w**2) + np.sum(layer.b * layer.w[0])


def built_twice(w):
    a, b = Dense(w), Dense(np.sin(w), scale=3.0)
    return np.sum(a.forward(X) * b.forward(X))


def keywords_and_defaults(w):
    return np.sum(Dense(scale=0.5, w=w).forward(X)) + np.sum(Dense(w).b)


W0 = numpy.array([[0.3, -0.2], [0.1, 0.6], [-0.5, 0.4]])


def a_constant_object_with_differentiated_inputs(w):
    layer = Dense(W0)  # built from constants: its __init__ runs as written
    return np.sum(layer.forward(X * w[0, 0] + w[1, 1]) ** 2)


class Accumulated:
    def __init__(self, w):
        self.total = np.sum(w)
        self.total += np.sum(w**2)
        self.total *= 2.0
        self.parts = (np.sum(w[0]), np.sum(w[1]))
        if self.total > 0:
            return
        self.total = -self.total


def augmented_and_early_return(w):
    acc = Accumulated(w)
    return acc.total + acc.parts[0] * acc.parts[1]


class Scaler:
    def __init__(self, w):
        self.w = w
        self.a, self.b = np.exp(w[0, 0]), np.cos(w[1, 1])  # a tuple target

    def __call__(self, x):
        return self.a * x + self.b


def tuple_targets_and_dunder_call(w):
    return np.sum(Scaler(w)(X @ w))


# ---- static methods, class methods, properties, methods calling methods -------------


class Kernel:
    JITTER = 1e-3

    def __init__(self, w):
        self.ell = np.exp(w[0, 0])
        self.sf = np.exp(w[1, 0])
        self.K = self.gram(X)  # a method called in __init__, reading what it set

    @staticmethod
    def sqdist(a, b):
        return np.sum((a[:, None, :] - b[None, :, :]) ** 2, axis=-1)

    def gram(self, a):
        return self.sf * np.exp(-0.5 * self.sqdist(a, a) / self.ell**2) + self.JITTER * np.eye(
            len(a)
        )

    @property
    def logdet(self):
        return np.linalg.slogdet(self.K)[1]

    def objective(self):
        return self.logdet + np.sum(self.K) + Kernel.sqdist(X, X)[0, 1] * self.ell


def static_property_and_class_constant(w):
    k = Kernel(w)
    return k.objective() + k.logdet


def property_of_an_object_made_inline(w):
    return Kernel(w).logdet


class Scaled:
    BASE = 0.5

    def __init__(self, w):
        self.w = w
        self.s = self.scale_of(w)  # a classmethod through self

    @classmethod
    def scale_of(cls, w):
        return cls.BASE * np.sum(w**2)

    @classmethod
    def make(cls, w):
        return cls(w * 2.0)

    def value(self):
        return self.s * np.sum(np.sin(self.w)) + self.helper()

    def helper(self):
        return self.other(2.0)

    def other(self, k):
        return k * self.s


def classmethods_and_method_chains(w):
    s = Scaled(w)
    return s.value() + Scaled.scale_of(w)  # a classmethod through the class


# ---- inheritance ---------------------------------------------------------------------


class Base:
    def __init__(self, w):
        self.w = w

    def forward(self, x):
        return np.sum(np.cos(x @ self.w))


class Child(Base):
    def doubled(self, x):
        return self.forward(x) * 2.0


class WithSuper(Base):
    def __init__(self, w, k):
        super().__init__(w * k)
        self.k = k

    def forward(self, x):
        return super().forward(x) * self.k


class ByName(Base):
    def __init__(self, w):
        Base.__init__(self, np.tanh(w))
        self.extra = np.sum(self.w)


def inherited_init(w):
    return Child(w).doubled(X)


def super_init_and_super_method(w):
    return WithSuper(w, 3.0).forward(X)


def parent_init_by_name(w):
    o = ByName(w)
    return o.forward(X) + o.extra


# ---- objects made in a loop, held by objects and lists, returned by helpers ---------


class Cell:
    def __init__(self, w, h):
        self.w = w
        self.h = h

    def step(self, x):
        return np.tanh(self.w * x + self.h)


def one_object_per_step(v):
    h = 0.0 * v
    for t in range(3):
        cell = Cell(v, h)
        h = cell.step(X[t])
    return np.sum(h**2)


class Net:
    def __init__(self, w):
        self.first = Dense(w)
        self.second = Dense(w.T @ w)
        self.act = np.tanh
        self.c = 2.0

    def forward(self, x):
        return self.c * self.act(self.second.forward(self.first.forward(x)))


def objects_holding_objects(w):
    return np.sum(Net(w).forward(X))


class Stack:
    def __init__(self, w):
        self.layers = [Dense(w), Dense(w.T @ w)]

    def forward(self, x):
        for layer in self.layers:
            x = layer.forward(x)
        return x


def a_list_attribute_of_objects(w):
    return np.sum(Stack(w).forward(X))


def a_local_list_of_objects(w):
    layers = [Dense(w), Dense(w * 2.0)]
    total = 0.0
    for layer in layers:
        total = total + np.sum(layer.forward(X))
    return total


def build(w):
    layer = Dense(w, 0.5)
    return layer


def returned_by_a_helper(w):
    layer = build(w)
    return np.sum(layer.forward(X))


def score(layer, x):
    return np.sum(layer.forward(x) * layer.w[0]) + np.sum(layer.b)


def passed_to_a_helper(w):
    return score(Dense(w), X)


def built_by_a_classmethod(w):
    return Scaled.make(w).value()


# ---- NamedTuples and dataclasses with methods, made in the function ----------------


@dataclasses.dataclass
class Params:
    w: numpy.ndarray
    b: float

    def predict(self, x):
        return x @ self.w + self.b

    def penalty(self):
        return self.b**2 + np.sum(self.predict(X))


class Pair(NamedTuple):
    a: numpy.ndarray
    b: numpy.ndarray

    def dot(self):  # a NamedTuple's own method, not np.dot
        return np.sum(self.a * self.b)


def dataclass_with_methods(w):
    p = Params(w, np.sum(w))
    return np.sum(p.predict(X) ** 2) + p.penalty()


def namedtuple_with_methods(v):
    p = Pair(v, np.sin(v))
    return p.dot() + np.sum(p.a)


CASES = [
    (built_then_called, W),
    (built_and_called_inline, W),
    (attributes_read_in_the_function, W),
    (built_twice, W),
    (keywords_and_defaults, W),
    (a_constant_object_with_differentiated_inputs, W),
    (augmented_and_early_return, W),
    (tuple_targets_and_dunder_call, W),
    (static_property_and_class_constant, W),
    (property_of_an_object_made_inline, W),
    (classmethods_and_method_chains, W),
    (inherited_init, W),
    (super_init_and_super_method, W),
    (parent_init_by_name, W),
    (one_object_per_step, V),
    (objects_holding_objects, W),
    (a_list_attribute_of_objects, W),
    (a_local_list_of_objects, W),
    (returned_by_a_helper, W),
    (passed_to_a_helper, W),
    (built_by_a_classmethod, W),
    (dataclass_with_methods, W),
    (namedtuple_with_methods, V),
]


@pytest.mark.parametrize("f, w", CASES, ids=[f.__name__ for f, _ in CASES])
def test_objects_made_in_the_function(f, w):
    check_all(f, w)


def test_the_init_is_a_callee_returning_the_object():
    source = s2sgrad.grad(built_then_called).source_for(W)
    assert "layer_new = new_object(Dense)" in source
    assert "object_with(self, 'w', self_w_mul)" in source
    assert source == s2sgrad.grad(built_then_called).source_for(W)  # byte-identical


def test_a_method_replaced_on_the_class_transforms_again():
    g = s2sgrad.grad(built_then_called)
    before = g(W)
    saved = Dense.forward
    try:
        Dense.forward = lambda self, x: np.sin(x @ self.w + self.b)
        after = g(W)
        expected = check_grads(built_then_called, W, rtol=1e-5, atol=1e-6)[0]
    finally:
        Dense.forward = saved
    numpy.testing.assert_allclose(after, expected, rtol=1e-9)
    assert not numpy.allclose(before, after)


# ---- what stays unsupported: s2sgrad's own error at the user's line -----------------


class ItemInInit:
    def __init__(self, w):
        self.v = np.zeros(3)
        self.v[0] = w[0, 0]


class AppendInInit:
    def __init__(self, w):
        self.items = []
        self.items.append(w)


class SetupMethod:
    def __init__(self, w):
        self.w = w
        self.setup()

    def setup(self):
        self.z = self.w * 2


class Slotted:
    __slots__ = ("w",)

    def __init__(self, w):
        self.w = w


class WithSetter:
    def __init__(self, w):
        self.w = w  # runs the setter

    @property
    def w(self):
        return self._w

    @w.setter
    def w(self, v):
        self._w = v * 2


class Cached:
    def __init__(self, w):
        self.w = w * 1.0

    @functools.cached_property
    def sq(self):
        return np.sum(self.w**2)


class Settable:
    def __init__(self, w):
        self.w = w

    def set(self, v):
        self.w = v
        return 1.0


class Hooked:
    def __init__(self, w):
        self.w = w

    def __setattr__(self, k, v):
        object.__setattr__(self, k, v * 2)


class Lambda:
    def __init__(self, w):
        self.w = w
        scale = (lambda: self.w * 2.0)()
        self.s = scale


@dataclasses.dataclass
class PostInit:
    w: numpy.ndarray

    def __post_init__(self):
        self.s = np.sum(self.w)


def item_in_init(w):
    return np.sum(ItemInInit(w).v)


def append_in_init(w):
    return np.sum(AppendInInit(w).items[0])


def setup_method(w):
    return np.sum(SetupMethod(w).z)


def slotted(w):
    return np.sum(Slotted(w).w)


def with_setter(w):
    return np.sum(WithSetter(w).w)


def cached(w):
    return Cached(w).sq


def changed_by_a_method(w):
    o = Settable(w)
    k = o.set(w * 3.0)
    return np.sum(o.w) * k


def assigned_after_construction(w):
    o = Settable(w)
    o.w = w * 2.0
    return np.sum(o.w)


def hooked(w):
    return np.sum(Hooked(w).w)


def lambda_in_init(w):
    return np.sum(Lambda(w).s)


@dataclasses.dataclass
class PostInitVar:
    w: numpy.ndarray
    k: dataclasses.InitVar[float] = 2.0

    def __post_init__(self, k):
        self.s = np.sum(self.w) * k


def post_init(w):
    return PostInit(w).s


def post_init_var(w):
    return PostInitVar(w).s


@pytest.mark.parametrize(
    "f, cls, where, text, message",
    [
        (item_in_init, UnsupportedSyntaxError, ItemInInit, "self.v[0] =", "attribute of self"),
        (with_setter, UnsupportedSyntaxError, WithSetter, "runs the setter", "property"),
        (cached, UnsupportedSyntaxError, cached, "Cached(w).sq", "cached_property"),
        (hooked, NonDifferentiableError, hooked, "Hooked(w)", "__setattr__"),
        (lambda_in_init, UnsupportedSyntaxError, Lambda, "lambda", "reads self"),
        # InitVar fields: the dataclass's own __init__ (normalize.dataclass_inits)
        (post_init_var, NonDifferentiableError, post_init_var, "PostInitVar(w)", "no derivative"),
    ],
    ids=lambda p: p.__name__ if callable(p) and not isinstance(p, type) else None,
)
def test_unsupported_is_an_error_at_the_users_line(f, cls, where, text, message):
    assert message in check_error(f, cls, where, text)


def test_a_list_filled_in_init_is_differentiated():
    """(was: an error, "changes an attribute in place"; session 12) self.items is a local
    list until the end of the __init__ (normalize/init_containers.py)."""
    check_all(append_in_init, hessian=False)  # linear in w


def test_a_class_with_slots_is_differentiated():
    """(was: an error naming __slots__; session 12) object_with sets the slots."""
    check_all(slotted, hessian=False)  # linear in w


def test_a_dataclass_post_init_is_differentiated():
    """(was: no derivative rule; session 11) its __init__ is written in Python for it."""
    check_all(post_init, hessian=False)  # linear in w


def test_an_attribute_set_after_construction_rebinds_the_object():
    """o.w = v of an object made in the function (a change only o sees): in every mode
    (was an error; tests/test_real_programs.py has more)."""
    check_all(assigned_after_construction, hessian=False)  # linear in w


def pick(w, flag):
    return Scaler(w) if flag else Scaler(-w)  # not one class call: the class is not known


def called_when_its_class_is_unknown(w):
    return np.sum(pick(w, True)(X @ w))


def test_a_made_object_called_whose_class_is_unknown_is_an_error():
    message = check_error(
        called_when_its_class_is_unknown,
        UnsupportedSyntaxError,
        called_when_its_class_is_unknown,
        "pick(w, True)",
    )
    assert "holds differentiated values" in message


def test_a_descriptor_read_unseen_when_transforming_is_an_error_when_it_runs():
    from s2sgrad.runtime import tree_field

    k = Kernel(W)
    assert tree_field(k, "ell") is k.ell  # an instance attribute
    assert tree_field(k, "JITTER") == Kernel.JITTER  # a constant of the class
    with pytest.raises(Exception, match="logdet"):
        tree_field(k, "logdet")  # a property: its code would run without a derivative


def test_generated_names_say_the_class():
    source = s2sgrad.grad(built_then_called).source_for(W)
    assert "Dense_init_vjp_w(layer_new, w, scale=2.0)" in source


@pytest.mark.parametrize("f", [setup_method, changed_by_a_method], ids=lambda f: f.__name__)
def test_methods_that_change_a_made_object(f):
    # since session 28: self.setup() in __init__ and o.set(v) of an object made in the
    # function return the object they change (normalize/self_changes.py)
    w = numpy.array([0.3, -1.2, 2.0])
    check_grads(f, w)
    _, dot = s2sgrad.jvp(f, (w,), (numpy.ones(3),))
    numpy.testing.assert_allclose(dot, numpy.sum(s2sgrad.grad(f)(w)), rtol=1e-6)
