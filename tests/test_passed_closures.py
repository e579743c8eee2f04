"""Local functions (and lambdas) reading locals of the differentiated function, passed to
user functions of the same module: the callee's derivative takes those locals as keyword
parameters of the same names, and its calls of the function differentiate them
(``fit_predict_vjp(kernel, X, ..., ell=ell, var=var)``). Factory calls given as arguments
(``fit(make_rbf(ell, var), X)``) are written out first. Checked against finite
differences and autograd in every mode."""

import numpy as np
import pytest

import s2sgrad
from s2sgrad.errors import UnsupportedSyntaxError
from tests.gradcheck import check_all_modes

RS = np.random.RandomState(5)
X = RS.randn(6, 1)
Y = np.sin(X[:, 0])
XN = RS.randn(3, 1)


def make_rbf(lengthscale, variance):
    def kernel(A, B):
        d2 = np.sum((A[:, None, :] - B[None, :, :]) ** 2, axis=-1)
        return variance * np.exp(-0.5 * d2 / lengthscale**2)

    return kernel


def fit_predict(kernel, lam, X, y, X_new):
    K = kernel(X, X)
    alpha = np.linalg.solve(K + lam * np.eye(len(X)), y)
    return kernel(X_new, X) @ alpha


def predict_twice(kernel, lam):
    return fit_predict(kernel, lam, X, Y, XN) + fit_predict(kernel, 2.0 * lam, X, Y, X)[:3]


def apply(f, x):
    return f(x) * 2.0


def factory_bound(h):
    ell, var, lam = np.exp(h)
    kern = make_rbf(ell, var)
    return np.sum(fit_predict(kern, lam, X, Y, XN) ** 2)


def factory_argument(h):
    ell, var, lam = np.exp(h)
    return np.sum(fit_predict(make_rbf(ell, var), lam, X, Y, XN) ** 2)


def local_def(h):
    ell, var, lam = np.exp(h)

    def kern(A, B):
        d2 = np.sum((A[:, None, :] - B[None, :, :]) ** 2, axis=-1)
        return var * np.exp(-0.5 * d2 / ell**2)

    return np.sum(fit_predict(kern, lam, X, Y, XN) ** 2)


def passed_on(h):
    ell, var, lam = np.exp(h)
    return np.sum(predict_twice(make_rbf(ell, var), lam))


def by_keyword(h):
    ell, var, lam = np.exp(h)
    kern = make_rbf(ell, var)
    return np.sum(fit_predict(X=X, y=Y, X_new=XN, lam=lam, kernel=kern))


def lambda_reads(h):
    c = np.sum(h**2)
    return np.sum(apply(lambda z: np.sin(z * c), h))


def rebound_before_call(h):
    c = h[0]

    def scale(z):
        return z * c

    c = c * 3.0  # the closure reads the value it has when it is called
    return np.sum(apply(scale, h))


def constant_and_differentiated(h):
    n = 3
    s = np.exp(h[1])

    def poly(z):
        return sum(z**k for k in range(n)) * s

    return np.sum(apply(poly, h))


@pytest.mark.parametrize(
    "fn",
    [
        factory_bound,
        factory_argument,
        local_def,
        passed_on,
        by_keyword,
        lambda_reads,
        rebound_before_call,
        constant_and_differentiated,
    ],
)
def test_closures_passed_to_user_functions(fn):
    check_all_modes(fn, np.array([0.2, -0.3, np.log(0.1)]))


def clashing(kernel, X):
    ell = 2.0
    return kernel(X) * ell


def passes_to_a_clash(h):
    ell = np.exp(h[0])

    def kern(A):
        return np.exp(A / ell)

    return np.sum(clashing(kern, X))


def test_a_callee_with_a_name_of_its_own_like_the_closures_is_an_error():
    with pytest.raises(UnsupportedSyntaxError, match="has a name 'ell' of its own") as e:
        s2sgrad.grad(passes_to_a_clash)(np.array([0.1, 0.2, 0.3]))
    assert "test_passed_closures.py" in str(e.value)
    assert "clashing(kern, X)" in str(e.value)
