"""Session 32's rules beyond the table of tests/test_rules.py: complex values (autograd's
convention, against complex finite differences), keyword forms without a rule, and the
gradients autograd does not have, checked against the NumPy forms they stand for."""

from __future__ import annotations

import numpy as np
import pytest

import s2sgrad


def complex_fd_grad(f, z, eps=1e-6):
    """``df/dx - 1j df/dy`` of a real ``f`` at complex ``z`` (autograd's convention)."""
    g = np.zeros(np.shape(z), dtype=complex)
    for i in np.ndindex(np.shape(z)):
        e = np.zeros(np.shape(z))
        e[i] = eps
        g[i] = (f(z + e) - f(z - e)) / (2 * eps) - 1j * (f(z + 1j * e) - f(z - 1j * e)) / (2 * eps)
    return g


_RNG = np.random.default_rng(32)
Z = _RNG.standard_normal((3, 4)) + 1j * _RNG.standard_normal((3, 4))
W = _RNG.standard_normal((3, 4)) + 1j * _RNG.standard_normal((3, 4))
V = _RNG.standard_normal((3, 4)) + 1j * _RNG.standard_normal((3, 4))

COMPLEX_CASES = {
    "vecdot_left": lambda z: np.sum(np.abs(np.linalg.vecdot(z, W)) ** 2),
    "vecdot_right": lambda z: np.sum(np.real(np.vecdot(W, z, axis=0) * 1j)),
    "vecdot_real_part": lambda z: np.sum(np.abs(np.linalg.vecdot(np.real(z), W)) ** 2),
    "svdvals": lambda z: np.sum(np.linalg.svdvals(z) ** 3),
    "vector_norm": lambda z: np.sum(np.linalg.vector_norm(z, axis=0, ord=3)),
    "matrix_norm": lambda z: np.sum(np.linalg.matrix_norm(z, ord="nuc")),
    "cross": lambda z: np.sum(np.abs(np.linalg.cross(z[:, :3], W[:, 1:])) ** 2),
}


@pytest.mark.parametrize("name", sorted(COMPLEX_CASES))
def test_complex_values_in_both_modes(name):
    f = COMPLEX_CASES[name]
    g = s2sgrad.grad(f)(Z)
    np.testing.assert_allclose(g, complex_fd_grad(f, Z), rtol=1e-5, atol=1e-6)
    _, jv = s2sgrad.jvp(f, (Z,), (V,))
    np.testing.assert_allclose(jv, np.real(np.sum(g * V)), rtol=1e-7, atol=1e-9)


# -- np.max/np.min with initial=: empty slices (normalize/masked.py) ----------------------------


def max_initial(x, c):
    return np.sum(np.max(x, axis=1, initial=c) * np.arange(1.0, 4.0))


def min_initial_keepdims(x):
    return np.sum(np.sin(np.min(x, axis=0, initial=0.3, keepdims=True)))


def max_where_initial(x):
    return np.sum(np.max(x, axis=1, where=x > 0.2, initial=0.25) ** 2)


def method_max_initial(x):
    return np.sum(x.max(axis=-1, initial=-0.5) ** 2) + np.amin(x, initial=2.0)


@pytest.mark.parametrize("shape", [(3, 0), (3, 4), (0, 4)])
@pytest.mark.parametrize("fn", [min_initial_keepdims, max_where_initial, method_max_initial])
def test_extremes_with_initial_of_empty_and_full_slices(fn, shape):
    from gradcheck import check_grads

    x = np.random.default_rng(5).standard_normal(shape)
    check_grads(fn, x)
    g = s2sgrad.grad(fn)(x)
    assert g.shape == x.shape
    if x.size:
        v = np.random.default_rng(6).standard_normal(shape)
        np.testing.assert_allclose(s2sgrad.jvp(fn, (x,), (v,))[1], np.sum(g * v), rtol=1e-10)


def test_max_initial_derivative_in_initial():
    # an empty row is initial itself: derivative 1 there; a full row above c: 0
    x = np.array([[0.5, 2.0, -1.0]])
    for data in (np.zeros((3, 0)), x, x - 3.0):
        data = np.broadcast_to(data, (3, data.shape[1])).copy()
        gx, gc = s2sgrad.grad(max_initial, argnums=(0, 1))(data, 0.7)
        want = 6.0 if data.size == 0 or np.all(data < 0.7) else 0.0
        assert gc == pytest.approx(want)
    assert s2sgrad.hessian(max_initial)(x - 3.0, 0.7).shape == (1, 3, 1, 3)


def test_integer_and_bool_extremes_with_initial_keep_their_values():
    def f(x):
        k = np.max(np.arange(6).reshape(2, 3), axis=1, initial=4)
        b = np.min(np.zeros((2, 0), dtype=bool), axis=1, initial=True)
        return np.sum(x * k) + np.sum(b * x)

    np.testing.assert_allclose(s2sgrad.grad(f)(np.ones(2)), [4.0 + 1.0, 5.0 + 1.0])


def test_max_initial_by_position():
    def f(x, c):
        return np.sum(np.max(x, 1, None, False, c))

    gx, gc = s2sgrad.grad(f, argnums=(0, 1))(np.ones((2, 3)), 2.0)
    np.testing.assert_allclose(gx, 0.0)
    assert gc == pytest.approx(2.0)
    gx, gc = s2sgrad.grad(f, argnums=(0, 1))(np.ones((2, 3)), 0.5)
    np.testing.assert_allclose(gx, 1.0 / 3.0)
    assert gc == pytest.approx(0.0)


COV_CASES = {
    "cov": lambda z: np.sum(np.abs(np.cov(z)) ** 2),
    "cov_real_part": lambda z: np.real(np.sum(np.cov(z, np.real(z[:1])) * (1 + 2j))),
    "cov_weighted": lambda z: np.sum(np.abs(np.cov(z, fweights=[1, 2, 3, 1], ddof=0)) ** 2),
    "corrcoef": lambda z: np.sum(np.abs(np.corrcoef(z) * np.arange(1.0, 4.0)) ** 2),
}
Z34 = Z + 0.3 * W


@pytest.mark.parametrize("name", sorted(COV_CASES))
def test_cov_of_complex_values_in_both_modes(name):
    f = COV_CASES[name]
    g = s2sgrad.grad(f)(Z34)
    np.testing.assert_allclose(g, complex_fd_grad(f, Z34), rtol=1e-5, atol=1e-6)
    _, jv = s2sgrad.jvp(f, (Z34,), (V,))
    np.testing.assert_allclose(jv, np.real(np.sum(g * V)), rtol=1e-7, atol=1e-9)


def test_sliding_window_view_options_without_a_rule():
    from numpy.lib.stride_tricks import sliding_window_view

    x = np.arange(6.0)
    with pytest.raises(s2sgrad.errors.NonDifferentiableError, match="writeable"):
        s2sgrad.grad(lambda x: np.sum(sliding_window_view(x, 2, writeable=True)))(x)
    with pytest.raises(NotImplementedError, match="axis named twice"):
        s2sgrad.grad(lambda x: np.sum(sliding_window_view(x, (2, 2), axis=(0, 0))))(x)


# -- third derivatives of np.prod, np.linalg.norm (2-norm, Frobenius) and np.einsum ------------

_MASK = np.array([1.0, 0.0, 1.0, 1.0])


def third_prod(x):
    return (
        np.prod(x) * np.sum(x)
        + np.sum(np.sin(np.prod(x.reshape(2, 2), axis=0)))
        + np.prod(x * _MASK)  # a zero entry: no division
    )


def third_norm(x):
    return (
        np.linalg.norm(x) ** 3
        + np.sin(np.linalg.norm(x))
        + np.sum(np.sin(np.linalg.norm(x.reshape(2, 2), axis=1, keepdims=True)))
        + np.sin(np.linalg.norm(x.reshape(2, 2), "fro"))
        + np.sin(np.linalg.vector_norm(x))
    )


def third_einsum(x):
    m = x.reshape(2, 2)
    return (
        np.sum(np.sin(np.einsum("i,j,k->ijk", x, x, x)))
        + np.einsum("i,i,i,i->", x, x, x, x)
        + np.sum(np.einsum("ij,jk->ik", m, m) ** 2)
    )


_X4 = np.array([0.7, -1.1, 0.4, 1.3])
_V4 = np.array([0.3, 0.8, -0.5, 0.2])


@pytest.mark.parametrize("f", [third_prod, third_norm, third_einsum])
def test_third_derivatives(f):
    def hess(z):
        return s2sgrad.hessian(f)(z)

    eps = 1e-5
    fd = np.stack([(hess(_X4 + eps * e) - hess(_X4 - eps * e)) / (2 * eps) for e in np.eye(4)], -1)
    np.testing.assert_allclose(s2sgrad.jacrev(hess)(_X4), fd, rtol=1e-5, atol=1e-6)

    def along(t):
        return f(_X4 + t * _V4)

    d3 = s2sgrad.grad(s2sgrad.grad(s2sgrad.grad(along)))(0.0)
    np.testing.assert_allclose(d3, np.einsum("ijk,i,j,k->", fd, _V4, _V4, _V4), rtol=1e-5)


def test_third_derivative_of_other_norms_is_an_error():
    def f(x):
        return np.linalg.norm(x, ord=3) ** 2

    def hess(z):
        return s2sgrad.hessian(f)(z)

    assert np.all(np.isfinite(hess(_X4)))
    with pytest.raises(NotImplementedError, match="third derivative of np.linalg.norm"):
        s2sgrad.jacrev(hess)(_X4)


# -- Hessians of the new rules (forward over reverse) against differences of the gradient ------

sla = pytest.importorskip("scipy.linalg")
_A4 = np.random.default_rng(41).standard_normal((4, 4)) + 2.0 * np.eye(4)
_B4 = np.random.default_rng(42).standard_normal(4)


def h_lu(a):
    lu, piv = sla.lu_factor(a)
    return np.sum(np.sin(sla.lu_solve((lu, piv), _B4))) + np.sum(lu**3)


def h_scipy_linalg(a):
    return (
        np.sum(np.sin(sla.inv(a)))
        + np.sin(sla.det(a))
        + np.sum(np.sin(sla.eigh(a, eigvals_only=True)))
        + np.sum(sla.eigh(a + a.T)[1][0] ** 2)
        + np.sum(np.cos(sla.eigvalsh(a, lower=False)))
        + np.sum(np.abs(sla.eigvals(a)) ** 2)
        + np.sum(np.abs(sla.eig(a)[1][0]) ** 2 * np.arange(4.0))
        + np.sum(sla.norm(a, axis=0) ** 3)
        + np.sum(np.sin(sla.block_diag(a, a[0])))
    )


def h_numpy(a):
    return (
        np.sum(np.sin(np.cov(a)))
        + np.sum(np.corrcoef(a) ** 3)
        + np.sum(np.sin(np.linalg.svdvals(a)))
        + np.sum(np.linalg.vector_norm(a, axis=0, ord=3))
        + np.sum(np.sin(np.linalg.vecdot(a, a[::-1])))
        + np.sum(np.sin(np.lib.stride_tricks.sliding_window_view(a, (2, 2))) ** 2)
    )


@pytest.mark.parametrize("f", [h_lu, h_scipy_linalg, h_numpy])
def test_hessians(f):
    eps = 1e-5
    grad = s2sgrad.grad(f)
    fd = np.stack(
        [
            (grad(_A4 + eps * e) - grad(_A4 - eps * e)) / (2 * eps)
            for e in np.eye(16).reshape(16, 4, 4)
        ],
        -1,
    ).reshape(4, 4, 4, 4)
    np.testing.assert_allclose(s2sgrad.hessian(f)(_A4), fd, rtol=1e-5, atol=1e-5)


# -- a factorization's tuple used twice, or read by item and by a solve: its adjoint is a list,
# -- added by add (reverse/lowering.py), never extended by +=


def cho_twice(a):
    factors = sla.cho_factor(a @ a.T + 3.0 * np.eye(4))
    return np.sum(np.sin(sla.cho_solve(factors, _B4))) + np.sum(
        sla.cho_solve(factors, 2 * _B4) ** 2
    )


def lu_twice(a):
    factors = sla.lu_factor(a)
    return np.sum(np.sin(sla.lu_solve(factors, _B4))) + np.sum(sla.lu_solve(factors, _B4, 1) ** 2)


def lu_item_and_solve(a):
    factors = sla.lu_factor(a)
    return np.sum(np.sin(sla.lu_solve(factors, _B4))) + np.sum(factors[0] ** 2)


@pytest.mark.parametrize("f", [cho_twice, lu_twice, lu_item_and_solve])
def test_factor_pairs_used_twice(f):
    from gradcheck import check_grads

    check_grads(f, _A4, rtol=1e-6, atol=1e-6)


_A53 = np.random.default_rng(43).standard_normal((5, 3))


def h_qr(a):
    q, r = np.linalg.qr(a)
    qs, rs = sla.qr(a, mode="economic")
    return (
        np.sum(np.sin(q[:, 0] ** 2))
        + np.sum(r**3)
        + np.sum(np.cos(qs**2))
        + np.sum(sla.qr(a, mode="r")[0] ** 3)
    )


def test_hessians_of_qr():
    # np.linalg.qr's Hessian raised (its check of r ran on r's tangent) before session 32
    eps = 1e-5
    grad = s2sgrad.grad(h_qr)
    fd = np.stack(
        [
            (grad(_A53 + eps * e) - grad(_A53 - eps * e)) / (2 * eps)
            for e in np.eye(15).reshape(15, 5, 3)
        ],
        -1,
    ).reshape(5, 3, 5, 3)
    np.testing.assert_allclose(s2sgrad.hessian(h_qr)(_A53), fd, rtol=1e-5, atol=1e-5)


def test_scipy_qr_modes_without_a_rule():
    with pytest.raises(NotImplementedError, match="mode='full'"):
        s2sgrad.grad(lambda a: np.sum(sla.qr(a)[0]))(_A53)
    with pytest.raises(NotImplementedError, match="pivoting"):
        s2sgrad.grad(lambda a: np.sum(sla.qr(a, pivoting=True)[0]))(_A53)
    with pytest.raises(NotImplementedError, match="mode='raw'"):
        s2sgrad.grad(lambda a: np.sum(sla.qr(a, mode="raw")[0][0]))(_A53)


def third_prod_plain(x):
    return np.prod(x) * np.sum(x)


def third_norm_plain(x):
    return np.linalg.norm(x) ** 3 + np.sin(np.linalg.norm(x))


def third_einsum_plain(x):
    return np.sum(np.sin(np.einsum("i,j,k->ijk", x, x, x)))


@pytest.mark.parametrize("f", [third_prod_plain, third_norm_plain, third_einsum_plain])
def test_third_derivatives_against_autograd(f):
    autograd = pytest.importorskip("autograd")
    anp = pytest.importorskip("autograd.numpy")
    import types

    ag_f = types.FunctionType(f.__code__, {**f.__globals__, "np": anp}, f.__name__)

    def hess(z):
        return s2sgrad.hessian(f)(z)

    np.testing.assert_allclose(
        s2sgrad.jacrev(hess)(_X4),
        autograd.jacobian(autograd.hessian(ag_f))(_X4),
        rtol=1e-9,
        atol=1e-10,
    )


def test_overwritten_inputs_are_errors():
    # scipy may overwrite a with its workspace (a Fortran-ordered array): a call that lets it
    # is refused where it is written (normalize.methods), not differentiated
    a = np.asfortranarray(_A4.copy())
    for call in (
        lambda a: np.sum(sla.solve(a, _B4, overwrite_a=True)),
        lambda ab: np.sum(sla.solve_banded((1, 1), ab[:3], _B4[:3], overwrite_ab=True)),
        lambda a: sla.det(a, overwrite_a=True),
        lambda a: np.sum(sla.eigh(a, overwrite_a=True)[0]),
        lambda a: np.sum(sla.qr(a, overwrite_a=True, mode="economic")[1]),
        lambda a: np.sum(sla.inv(a, overwrite_a=True)),
        lambda a: np.sum(sla.lu_factor(a, overwrite_a=True)[0]),
    ):
        with pytest.raises(s2sgrad.UnsupportedSyntaxError, match="overwrite_a"):
            s2sgrad.grad(call)(a)
