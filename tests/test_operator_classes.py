"""Classes with operator methods used in the differentiated function (session 17): a name
rebound from its own value (``p = p + v * dt`` in a loop, ``acc += term``) holds an
object of the class every binding makes, found from the methods' returns
(normalize.operator_results); every mode against central finite differences and autograd.
What stays refused is s2sgrad's own error at the user's line."""

import numpy as np
import pytest
from gradcheck import check_all_modes, check_rejected

import s2sgrad

X = np.array([0.3, -1.2, 0.8])


class Vec:
    def __init__(self, x, y):
        self.x = x
        self.y = y

    def __add__(self, o):
        return Vec(self.x + o.x, self.y + o.y)

    def __sub__(self, o):
        return Vec(self.x - o.x, self.y - o.y)

    def __mul__(self, s):
        return Vec(self.x * s, self.y * s)

    def __rmul__(self, s):
        return Vec(s * self.x, s * self.y)

    def __truediv__(self, s):
        return Vec(self.x / s, self.y / s)

    def __neg__(self):
        return Vec(-self.x, -self.y)

    def dot(self, o):
        return self.x * o.x + self.y * o.y


class Moving(Vec):
    def __add__(self, o):
        return Moving(self.x + o.x, self.y + o.y)


class Poly:
    """A polynomial by its coefficients (an array), lowest first."""

    def __init__(self, c):
        self.c = c

    def __add__(self, o):
        return Poly(self.c + o.c)

    def __mul__(self, s):
        return Poly(self.c * s)

    def __matmul__(self, t):
        return np.sum(self.c * t ** np.arange(3))  # the value at t


class Mat:
    __array_ufunc__ = None  # x @ m asks Mat.__rmatmul__ with the whole array

    def __init__(self, w):
        self.w = w

    def __matmul__(self, v):
        return np.dot(self.w, v)

    def __rmatmul__(self, v):
        return np.dot(v, self.w)


class Acc:
    def __init__(self, v):
        self.v = v

    def __iadd__(self, o):
        self.v = self.v + o.v
        return self


def particles(x):
    p, v = Vec(x[0], x[1]), Vec(x[2], 0.5)
    dt = 0.1
    for _ in range(4):
        a = -p * 2.0
        v = v + a * dt
        p = p + v * dt
    return p.dot(p) + (p - v).dot(v) + (p / 2.0).x


def rebound_then_method(x):
    q = Vec(x[0], x[1])
    q = 3.0 * q
    q = q - Vec(x[2], 1.0)
    return q.dot(q)


def augmented_add(x):
    acc = Vec(0.0 * x[0], 0.0 * x[0])
    for i in range(3):
        term = Vec(x[i], np.sin(x[i]))
        acc += term
    return acc.dot(acc)


def augmented_mul_in_loop(x):
    p = Vec(x[0], x[1])
    for k in range(3):
        p *= 1.0 + 0.1 * k
        p -= Vec(0.1, x[2])
    return p.dot(Vec(1.0, 2.0))


def subclass_methods(x):
    m = Moving(x[0], x[1])
    for _ in range(2):
        m = m + Moving(x[2], 0.3)  # Moving.__add__: a Moving
    w = m * 2.0  # Vec.__mul__: a Vec
    return m.dot(m) + w.dot(m)


def polynomial_arrays(x):
    p = Poly(x)
    for k in range(3):
        p = p + p * (0.5 * k)
    return p @ 0.7


def matmul_both_sides(x):
    m = Mat(np.outer(x, x) + np.eye(3))
    return np.sum(m @ x) + np.sum(x @ m)


CASES = [
    particles,
    rebound_then_method,
    augmented_add,
    augmented_mul_in_loop,
    subclass_methods,
    polynomial_arrays,
    matmul_both_sides,
]


@pytest.mark.parametrize("f", CASES, ids=lambda f: f.__name__)
def test_operator_class(f):
    check_all_modes(f, X)


def test_values_as_python():
    for f in CASES:
        value, _ = s2sgrad.value_and_grad(f)(X.copy())
        np.testing.assert_allclose(value, f(X.copy()), rtol=1e-12, err_msg=f.__name__)


def inplace_method(x):
    acc = Acc(0.0 * x)
    for i in range(3):
        acc += Acc(x * i)
    return np.sum(acc.v**2)


def other_kinds_rebound(x):
    p = Vec(x[0], x[1])
    for _ in range(2):
        p = p + Vec(x[2], 0.1)
        p = p.dot(p)  # a number from here on: the class of p is not one
    return p


def array_on_the_left(x):
    p = Vec(x[0], x[1])
    return (x * p).x  # NumPy would apply __rmul__ to each item


@pytest.mark.parametrize(
    "f, text",
    [
        (inplace_method, "__iadd__"),
        (other_kinds_rebound, "not known"),
        (array_on_the_left, "may be an array"),
    ],
    ids=lambda v: getattr(v, "__name__", ""),
)
def test_refused_at_the_users_line(f, text):
    check_rejected(f, X, text)


def _step(p, v):
    return p + v * 0.1


def operators_in_a_helper(x):
    p, v = Vec(x[0], x[1]), Vec(x[2], 0.2)
    for _ in range(3):
        p = _step(p, v)  # what _step returns: what Vec.__add__ returns
    return p.dot(p)


def operators_in_a_local_def(x):
    def step(p, v):
        return p + v * 0.1

    p, v = Vec(x[0], x[1]), Vec(x[2], 0.2)
    for _ in range(3):
        p = step(p, v)
    return p.dot(p)


def test_operators_in_a_helper():
    check_all_modes(operators_in_a_helper, X)


def test_operators_in_a_local_def_are_refused():
    # a local def's parameters holding objects of a rebound name: not followed yet, the
    # error at its line
    check_rejected(operators_in_a_local_def, X, "not known here")


def _simulate(p, v, steps, dt):
    for _ in range(steps):
        v = v + p * -0.5
        p = p + dt * v  # dt a number: its __rmul__ once
    return p


def helper_returns_a_rebound_parameter(x):
    p = _simulate(Vec(x[0], x[1]), Vec(x[2], 0.3), 3, 0.1)  # a Vec: every binding of p makes one
    miss = p - Vec(0.2, -0.1)
    return miss.dot(miss)


def test_helper_returns_a_rebound_parameter():
    check_all_modes(helper_returns_a_rebound_parameter, X)
