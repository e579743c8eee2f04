"""Writes that change an array: repeated fancy indices, mutating NumPy calls, ``out=``,
ufunc methods, and the builtins max/min/sum/abs (issue 10, classes 5, 6 and 12).

Every accepted program is checked in reverse mode (``grad``, ``value_and_grad``),
forward mode (``jvp``) and forward over reverse (``hessian``) against central finite
differences; every rejected one for its error type and the user's line.
"""

import inspect

import numpy as np
import pytest
from gradcheck import check_grads, numerical_grad

import s2sgrad
from s2sgrad.errors import NonDifferentiableError, TransformError, UnsupportedSyntaxError

X3 = np.array([0.7, -1.3, 2.1])
X5 = np.array([0.5, -1.2, 2.0, 0.9, -0.4])
M23 = np.array([[0.3, -1.1, 0.8], [1.7, 0.2, -0.6]])


def check_all_modes(f, x, hessian=True):
    """grad, value_and_grad, jvp and hessian of ``f`` at ``x`` against finite differences."""
    (g,) = check_grads(f, x)
    value, g2 = s2sgrad.value_and_grad(f)(x)
    np.testing.assert_allclose(value, f(x), rtol=1e-12)
    np.testing.assert_allclose(g2, g, rtol=1e-12)
    rng = np.random.default_rng(0)
    v = rng.normal(size=np.shape(x))
    primal, tangent = s2sgrad.jvp(f, (x,), (v,))
    np.testing.assert_allclose(primal, f(x), rtol=1e-12)
    np.testing.assert_allclose(tangent, np.sum(g * v), rtol=1e-6, atol=1e-8)
    if hessian:
        h = s2sgrad.hessian(f)(x)
        grad = s2sgrad.grad(f)
        expected = np.stack([numerical_grad(lambda y, i=i: grad(y).ravel()[i], (x,), 0)
                             for i in range(np.size(x))]).reshape(np.shape(h))
        np.testing.assert_allclose(h, expected, rtol=1e-5, atol=1e-6)
    return g


def line_of(f, text):
    """The file line number of the first line of ``f`` that contains ``text``."""
    lines, start = inspect.getsourcelines(f)
    for i, line in enumerate(lines):
        if text in line:
            return start + i
    raise AssertionError(text)


def check_rejected(f, x, text, cls=TransformError, match=None):
    """Every mode raises ``cls`` at the line of ``f`` containing ``text``."""
    for transform in (lambda: s2sgrad.grad(f)(x), lambda: s2sgrad.value_and_grad(f)(x),
                      lambda: s2sgrad.jvp(f, (x,), (np.ones_like(x),)),
                      lambda: s2sgrad.hessian(f)(x)):
        with pytest.raises(cls, match=match) as info:
            transform()
        assert info.value.lineno == line_of(f, text), str(info.value)


# -- class 6: writes through repeated fancy indices -------------------------------------------


def dup_add(x):
    y = np.zeros(3)
    y[[0, 0]] += x[:2]
    return np.sum(y * y)


def dup_set(x):
    y = np.zeros(3)
    y[[0, 0]] = x[:2] * x[1:]
    return np.sum(y * y) + y[0]


def dup_sub_scalar(x):
    y = x * 1.0
    y[[2, 0, 2]] -= x[1] ** 2
    return np.sum(np.sin(y))


def dup_mul(x):
    y = x + 1.0
    y[[1, 1, 0]] *= x
    return np.sum(y ** 3)


def dup_negative_alias(x):
    y = np.zeros(3)
    y[[0, -3]] = x[:2] ** 2
    return np.sum(y * x)


def dup_argsort(x):
    y = np.zeros(5)
    idx = np.argsort(x)
    y[idx] = x * x
    return np.sum(y * np.arange(5.0))


def dup_from_array(x):
    y = np.ones(5)
    idx = np.array([4, 1, 4, 4, 0])
    y[idx] += np.exp(x)
    return np.sum(y * y)


def dup_tuple_2d(m):
    y = np.zeros((2, 3))
    y[[0, 1, 0], [2, 2, 2]] = m[0] * m[1]
    return np.sum(y ** 2)


def dup_broadcast_row(m):
    y = np.zeros((2, 3))
    y[[1, 1]] = m * 2.0
    return np.sum(y * m)


def bool_mask_write(x):
    y = x * 2.0
    y[x > 0] = x[x > 0] ** 2
    return np.sum(y * y)


def slice_write(x):
    y = np.zeros(5)
    y[1:4] = x[:3] * x[2:]
    y[::2] += x[::2]
    return np.sum(y ** 2)


def dup_in_loop(x):
    y = np.zeros(3)
    for k in range(2):
        y[[k, k, 2]] = x[k:k + 3] * (k + 1.0)
    return np.sum(y * y)


def dup_read(x):
    return np.sum(x[[0, 0, 1, 4, 4, 4]] ** 2)


@pytest.mark.parametrize("f, x", [
    (dup_add, X3), (dup_set, X3), (dup_sub_scalar, X3), (dup_mul, X3),
    (dup_negative_alias, X3), (dup_argsort, X5), (dup_from_array, X5),
    (dup_tuple_2d, M23), (dup_broadcast_row, M23), (bool_mask_write, X5),
    (slice_write, X5), (dup_in_loop, X5), (dup_read, X5)])
def test_repeated_fancy_index_writes(f, x):
    check_all_modes(f, x)


def test_repeated_index_keeps_only_the_surviving_write():
    np.testing.assert_allclose(s2sgrad.grad(dup_add)(np.array([1.0, 2.0, 3.0])),
                               [0.0, 4.0, 0.0])
    np.testing.assert_allclose(s2sgrad.grad(dup_read)(np.ones(5)), [4.0, 2.0, 0, 0, 6.0])
