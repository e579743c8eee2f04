"""Methods of a module-level constant array given a differentiated argument (``F.dot(x)``,
``F.T.dot(y)``): lowered to the NumPy function (np.dot(F, x)), against autograd."""

import autograd
import autograd.numpy as anp
import numpy as np
import pytest

import s2sgrad

F = np.arange(12.0).reshape(3, 4) / 10
X = np.array([0.3, -0.7, 1.1, 0.5])
Y = np.array([0.2, 0.4, -0.3])


def dot(x):
    return np.sum(F.dot(x) ** 2)


def matmul(x):
    return np.sum((F @ x) ** 2)


def transposed_dot(y):
    return np.sum(F.T.dot(y) ** 2)


def chained(x):
    return F.dot(np.sin(x)).dot(F.dot(x))


def dot_then_method(x):
    return F.dot(x).sum() + F.T.dot(F.dot(x)).clip(-1.0, 1.0).sum()


def tensor_argument(w):
    return np.sum(np.tanh(F.T.dot(w)) ** 2)


# the same functions for autograd (its arrays' methods are its own)
TWINS = {
    dot: lambda x: anp.sum(anp.dot(F, x) ** 2),
    matmul: lambda x: anp.sum((F @ x) ** 2),
    transposed_dot: lambda y: anp.sum(anp.dot(F.T, y) ** 2),
    chained: lambda x: anp.dot(anp.dot(F, anp.sin(x)), anp.dot(F, x)),
    dot_then_method: lambda x: (
        anp.sum(anp.dot(F, x)) + anp.sum(anp.clip(anp.dot(F.T, anp.dot(F, x)), -1.0, 1.0))
    ),
    tensor_argument: lambda w: anp.sum(anp.tanh(anp.dot(F.T, w)) ** 2),
}

CASES = [
    (dot, X),
    (matmul, X),
    (transposed_dot, Y),
    (chained, X),
    (dot_then_method, X),
    (tensor_argument, np.linspace(-1.0, 1.0, 6).reshape(3, 2)),
]


@pytest.mark.parametrize("f,x", CASES, ids=lambda v: getattr(v, "__name__", ""))
def test_gradient_against_autograd(f, x):
    expected = autograd.grad(TWINS[f])(x)
    np.testing.assert_allclose(s2sgrad.grad(f)(x), expected, rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize("f,x", CASES, ids=lambda v: getattr(v, "__name__", ""))
def test_hessian_against_autograd(f, x):
    if np.ndim(x) != 1:
        pytest.skip("a Hessian of a vector argument")
    expected = autograd.hessian(TWINS[f])(x)
    np.testing.assert_allclose(s2sgrad.hessian(f)(x), expected, rtol=1e-9, atol=1e-10)
