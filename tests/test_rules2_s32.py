"""Session 32's scipy.linalg pinv, lstsq, lu, logm and NumPy ediff1d, block, polyfit rules
beyond the table of tests/test_rules.py: autograd on the NumPy forms they stand for,
Hessians against finite differences of the gradient, the forward-only results, and the
keyword forms without a rule (s2sgrad's error, never a wrong derivative)."""

from __future__ import annotations

import types

import numpy as np
import pytest

import s2sgrad

sla = pytest.importorskip("scipy.linalg")

_RNG = np.random.default_rng(3202)
_A = _RNG.standard_normal((5, 3))
_B = _RNG.standard_normal((5, 2))
_S = _RNG.standard_normal((4, 4))
_NEAR_EYE = 0.3 * _RNG.standard_normal((3, 3)) + np.eye(3)


def _fd_grad(f, x, eps=1e-6):
    g = np.zeros(np.shape(x))
    for i in np.ndindex(np.shape(x)):
        e = np.zeros(np.shape(x))
        e[i] = eps
        g[i] = (f(x + e) - f(x - e)) / (2 * eps)
    return g


def _with_autograd_numpy(f):
    anp = pytest.importorskip("autograd.numpy")
    return types.FunctionType(f.__code__, {**f.__globals__, "np": anp}, f.__name__)


def pinv_scipy(a):
    return np.sum(np.sin(sla.pinv(a)))


def pinv_numpy(a):
    return np.sum(np.sin(np.linalg.pinv(a)))


def lstsq_scipy(a, b):
    return np.sum(np.sin(sla.lstsq(a, b)[0]))


def lstsq_normal(a, b):
    return np.sum(np.sin(np.linalg.solve(a.T @ a, a.T @ b)))


def polyfit_numpy(x, y):
    return np.sum(np.sin(np.polyfit(x, y, 2)))


def polyfit_normal(x, y):
    v = np.stack([x**2, x, np.ones_like(x)], axis=1)
    return np.sum(np.sin(np.linalg.solve(v.T @ v, v.T @ y)))


@pytest.mark.parametrize(
    "f, oracle, args",
    [
        (pinv_scipy, pinv_numpy, (_A,)),
        (pinv_scipy, pinv_numpy, (_A.T,)),
        (lstsq_scipy, lstsq_normal, (_A, _B)),
        (lstsq_scipy, lstsq_normal, (_A, _B[:, 0])),
        (polyfit_numpy, polyfit_normal, (_A[:, 0], _B)),
        (polyfit_numpy, polyfit_normal, (_A[:, 0], _B[:, 1])),
    ],
)
def test_against_autograd_of_the_numpy_form(f, oracle, args):
    autograd = pytest.importorskip("autograd")
    nums = tuple(range(len(args)))
    got = s2sgrad.grad(f, argnums=nums)(*args)
    want = autograd.grad(_with_autograd_numpy(oracle), nums)(*args)
    for g, w in zip(got, want):
        np.testing.assert_allclose(g, w, rtol=1e-8, atol=1e-10)


def test_lstsq_residues_and_singular_values_forward():
    # forward mode differentiates every result; reverse only the solution
    def res(a):
        return np.sum(sla.lstsq(a, _B)[1] * np.arange(1.0, 3.0))

    def sv(a):
        return np.sum(np.sin(sla.lstsq(a, _B[:, 0])[3]))

    def res_1d(a):
        return np.sin(sla.lstsq(a, _B[:, 0])[1])

    for f in (res, sv, res_1d):
        tangent = _RNG.standard_normal(np.shape(_A))
        _, jv = s2sgrad.jvp(f, (_A,), (tangent,))
        np.testing.assert_allclose(jv, np.sum(_fd_grad(f, _A) * tangent), rtol=1e-6, atol=1e-8)
        with pytest.raises(NotImplementedError, match="residuals and singular values"):
            s2sgrad.grad(f)(_A)


def h_new_rules(a):
    p, low, up = sla.lu(a)
    return (
        np.sum(np.sin(sla.pinv(a[:, :3])))
        + np.sum(np.sin(sla.lstsq(a[:, :2], a[:, 3])[0]))
        + np.sum(np.sin(low)) * np.sum(up**2)
        + np.sum(np.sin(sla.logm(0.1 * a + 3.0 * np.eye(4))))
        + np.sum(np.sin(np.ediff1d(a, a[0], a[1, 0]) ** 2))
        + np.sum(np.sin(np.block([[a, a[:, :1]], [a[:1, :], a[:1, :1]]])) ** 2)
        + np.sum(np.sin(np.polyfit(a[:, 0], a[:, 1:], 2)))
    )


def test_hessian_of_the_new_rules():
    eps = 1e-5
    grad = s2sgrad.grad(h_new_rules)
    fd = np.stack(
        [
            (grad(_S + eps * e) - grad(_S - eps * e)) / (2 * eps)
            for e in np.eye(16).reshape(16, 4, 4)
        ],
        -1,
    ).reshape(4, 4, 4, 4)
    np.testing.assert_allclose(s2sgrad.hessian(h_new_rules)(_S), fd, rtol=1e-5, atol=1e-5)


def test_logm_third_derivative_is_an_error():
    # logm_frechet_da (the second Frechet derivative) has no tangent rule (THIRD_ORDER of
    # tests/test_rule_coverage.py): s2sgrad's error, as for expm
    def f(a):
        return np.sum(np.sin(sla.logm(a)))

    def hess(a):
        return s2sgrad.hessian(f)(a)

    with pytest.raises(s2sgrad.S2SGradError):
        s2sgrad.jacrev(hess)(_NEAR_EYE)


def test_lu_factors_reconstruct_and_match_lu_factor():
    # the derivative of p @ l @ u is that of a itself
    g = s2sgrad.grad(lambda a: np.sum(np.sin(np.prod(sla.lu(a), axis=0) * 0 + a)))(_S)
    np.testing.assert_allclose(g, np.cos(_S), rtol=1e-12)

    def via_lu(a):
        p, low, up = sla.lu(a)
        return np.sum(np.sin(p @ low @ up))

    np.testing.assert_allclose(s2sgrad.grad(via_lu)(_S), np.cos(_S), rtol=1e-9, atol=1e-12)


_TALL = np.vstack([_A, _A[:1] + 1.0])  # 6 x 3


@pytest.mark.parametrize(
    "call, arg, error, match",
    [
        (
            lambda a: np.sum(sla.pinv(a, return_rank=True)[0]),
            _A,
            "NonDifferentiableError",
            "return_rank",
        ),
        (lambda a: np.sum(sla.pinv(a, atol=2.0)), _A, "DerivativeNotImplementedError", "cutoff"),
        (lambda a: np.sum(sla.lu(a)[1]), _A, "DerivativeNotImplementedError", "square"),
        (
            lambda a: np.sum(sla.lu(a, permute_l=True)[0]),
            _S,
            "DerivativeNotImplementedError",
            "permute_l",
        ),
        (lambda a: np.sum(sla.logm(a, disp=False)[0]), _NEAR_EYE, "NonDifferentiableError", "disp"),
        (lambda a: np.sum(np.polyfit(a[:, 0], a[:, 1], 1, w=a[:, 2])), _TALL, None, "w="),
        (lambda a: np.sum(np.polyfit(a[:, 0], a[:, 1], 1, full=True)[0]), _TALL, None, "full=True"),
        (lambda a: np.sum(np.polyfit(a[:, 0], a[:, 1], 1, cov=True)[0]), _TALL, None, "cov="),
        (lambda a: np.sum(np.polyfit(a[:2, 0], a[:2, 1], 3)), _TALL, None, "distinct"),
        (lambda a: np.sum(np.polyfit(a[:, 0], a[:, 1], 2, rcond=0.99)), _TALL, None, "rcond="),
        (
            lambda a: np.sum(sla.lstsq(a[:, :1] * np.ones(3), a[:, 2])[0]),
            _TALL,
            None,
            "full column",
        ),
        (lambda a: np.sum(sla.lstsq(a, a[:, 0], overwrite_b=True)[0]), _TALL, None, "overwrite"),
    ],
)
@pytest.mark.filterwarnings("ignore:Polyfit may be poorly conditioned")
def test_forms_without_a_rule_are_errors(call, arg, error, match):
    with pytest.raises(s2sgrad.S2SGradError, match=match) as info:
        s2sgrad.grad(call)(arg)
    if error is not None:
        assert isinstance(info.value, getattr(s2sgrad, error))


# -- np.var and np.std with where= and mean=: autograd on the masked formula ------------------

_MASK = np.arange(12).reshape(3, 4) % 3 != 1
_X34 = _RNG.standard_normal((3, 4))


def var_where(x, m):
    return np.sum(np.sin(np.std(x, axis=1, ddof=1, where=_MASK))) + np.sum(
        np.var(x, axis=1, where=_MASK, mean=m, keepdims=True) ** 2
    )


def var_where_plain(x, m):
    w = _MASK * 1.0
    n = np.sum(w, axis=1)
    mean = np.sum(w * x, axis=1) / n
    std = np.sqrt(np.sum(w * (x - mean[:, None]) ** 2, axis=1) / (n - 1))
    var = np.sum(w * (x - m) ** 2, axis=1) / n
    return np.sum(np.sin(std)) + np.sum(var**2)


def test_var_where_and_mean_against_autograd():
    autograd = pytest.importorskip("autograd")
    m = _RNG.standard_normal((3, 1))
    got = s2sgrad.grad(var_where, argnums=(0, 1))(_X34, m)
    want = autograd.grad(_with_autograd_numpy(var_where_plain), (0, 1))(_X34, m)
    for g, w in zip(got, want):
        np.testing.assert_allclose(g, w, rtol=1e-9, atol=1e-12)
    hess = s2sgrad.hessian(lambda x: var_where(x, m))(_X34)
    np.testing.assert_allclose(
        hess,
        autograd.hessian(lambda x: _with_autograd_numpy(var_where_plain)(x, m))(_X34),
        rtol=1e-8,
        atol=1e-10,
    )
    tangent = _RNG.standard_normal((3, 4))
    _, jv = s2sgrad.jvp(lambda x: var_where(x, m), (_X34,), (tangent,))
    np.testing.assert_allclose(jv, np.sum(got[0] * tangent), rtol=1e-10)


def test_var_of_equal_entries_under_where_has_derivative_zero():
    x = np.array([[2.0, 5.0, 2.0, 2.0]])
    g = s2sgrad.grad(lambda x: np.sum(np.std(x, axis=1, where=_MASK[:1])))(x)
    np.testing.assert_array_equal(g, np.zeros((1, 4)))
