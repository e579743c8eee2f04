"""``getattr(obj, "name")`` and ``setattr(obj, "name", v)`` with a constant name are the
attribute read and store they mean (normalize.attribute_calls): they were "builtins.getattr
has no derivative rule" and "the result of 'setattr' is not used". A name made when the
code runs stays an error, never a silent zero."""

from __future__ import annotations

import numpy as np
import pytest
from gradcheck import check_all_modes, check_rejected

X = np.array([0.5, -0.3, 1.2])


class Model:
    def __init__(self, params):
        self.params = params
        self.scale = 2.0

    def loss(self):
        return np.sum(self.params**2) * self.scale


def getattr_of_a_made_object(p):
    m = Model(p * 1.5)
    return getattr(m, "params")[0] * getattr(m, "scale") + m.loss()  # noqa: B009


def setattr_on_a_made_object(p):
    m = Model(p)
    setattr(m, "params", p * 3.0)  # noqa: B010
    setattr(m, "scale", p[0])  # noqa: B010
    return m.loss()


def getattr_in_a_method(p):
    return Pair(p[0], p[1]).total(p[2])


class Pair:
    def __init__(self, a, b):
        self.a, self.b = a, b

    def total(self, x):
        return getattr(self, "a") * x + getattr(self, "b") ** 2  # noqa: B009


def setattr_with_a_runtime_name(p):
    m = Model(p)
    name = "par" + "ams"
    setattr(m, name, p * 3.0)
    return m.loss()


@pytest.mark.parametrize(
    "f", [getattr_of_a_made_object, setattr_on_a_made_object, getattr_in_a_method]
)
def test_constant_name(f):
    check_all_modes(f, X)


def test_runtime_name_refused():
    check_rejected(setattr_with_a_runtime_name, X, "setattr")
