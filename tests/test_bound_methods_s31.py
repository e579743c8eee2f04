"""Bound methods of objects holding differentiated values, passed to user functions
(issue 12): ``rk4(m.rhs, y, dt, n)`` of an object made in the function, ``self.rhs``
given to another method of the object, passed by keyword, a method calling other methods
of its object, and one of an object given as an argument. Each is the lambda calling the
method (normalize.bound_arguments), which the callee differentiates as a local function
(it was refused). A method that assigns attributes of its object stays refused."""

from __future__ import annotations

import numpy as np
import pytest
from gradcheck import check_all_modes, check_rejected

import s2sgrad

X = np.array([0.5, -0.3, 1.2])


def rk4(f, y, dt, n):
    for _ in range(n):
        k1 = f(y)
        k2 = f(y + 0.5 * dt * k1)
        y = y + dt * (k1 + k2) / 2.0
    return y


def euler(y0, f=None, n=3):
    y = y0
    for _ in range(n):
        y = y + 0.1 * f(y)
    return y


class Model:
    def __init__(self, k):
        self.k = k

    def rhs(self, y):
        return -self.k * y

    def decay(self, y):
        return -self.k * y

    def force(self, y):
        return np.sin(self.k * y)

    def both(self, y):
        return self.decay(y) + self.force(y)

    def scaled(self, y, c=2.0):
        return c * np.tanh(self.k * y)

    def integrate(self, f, y):
        return rk4(f, y, 0.1, 3)

    def run(self, y):
        return self.integrate(self.rhs, y)


class Counter:
    def __init__(self, k):
        self.k = k
        self.calls = 0

    def rhs(self, y):
        self.calls = self.calls + 1
        return -self.k * y


def made_in_the_function(p):
    m = Model(p[0])
    return np.sum(rk4(m.rhs, p[1:], 0.1, 3))


def self_method_to_a_method(p):
    m = Model(p[0])
    return np.sum(m.run(p[1:]))


def passed_by_keyword(p):
    m = Model(p[0])
    return np.sum(euler(p[1:], f=m.rhs))


def calling_other_methods(p):
    m = Model(p[0])
    return np.sum(rk4(m.both, p[1:], 0.1, 3) ** 2)


def _simulate(m, y):
    return rk4(m.both, y, 0.1, 2)


def object_argument(p):
    return np.sum(_simulate(Model(p[0]), p[1:]) ** 2)


def default_parameter(p):
    m = Model(p[0] * p[1])
    return np.sum(rk4(m.scaled, p, 0.2, 2))


CASES = [
    made_in_the_function,
    self_method_to_a_method,
    passed_by_keyword,
    calling_other_methods,
    object_argument,
    default_parameter,
]


@pytest.mark.parametrize("f", CASES, ids=lambda f: f.__name__)
def test_bound_method_passed(f):
    check_all_modes(f, X)


@pytest.mark.parametrize("f", CASES, ids=lambda f: f.__name__)
def test_bound_method_against_autograd(f, monkeypatch):
    autograd = pytest.importorskip("autograd")
    import autograd.numpy as anp

    numpy = np
    monkeypatch.setitem(globals(), "np", anp)  # the callee and the methods too
    expected = autograd.grad(f)(X.copy())
    monkeypatch.setitem(globals(), "np", numpy)
    numpy.testing.assert_allclose(s2sgrad.grad(f)(X.copy()), expected, rtol=1e-10, atol=1e-12)


def changing_its_object(p):
    m = Counter(p[0])
    return np.sum(rk4(m.rhs, p[1:], 0.1, 2))


def test_method_changing_its_object_refused():
    check_rejected(changing_its_object, X, "assigns attributes of its object")
