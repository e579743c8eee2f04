"""Session 32: rules right for real float64 values and silently wrong for complex ones.

Found by a probe of the registry's rules (grad, jvp and complex finite differences, with
autograd as a second oracle) over real, complex, float32 and 0-d inputs:

- ``np.sign`` was listed as having no derivative; of a complex ``z`` NumPy 2 gives
  ``z / |z|``, smooth away from 0 (autograd and JAX also give 0 there, which finite
  differences contradict). Now a rule: 0 for real values, the derivative of ``z / |z|``
  for complex ones, in every mode and in Hessians.
- ``np.maximum``/``np.minimum`` split the derivative by ``np.sign(x1 - x2)``, not ±1 for
  complex values; now ``order_sign``, NumPy's order (real parts, then imaginary parts),
  which also decides where the real parts tie.
- ``scipy.linalg.cholesky``, ``cho_factor`` and ``cho_solve`` were written for real
  matrices (``a = L @ L.T``) and gave wrong numbers for complex ones (``a = L @ L^H``, the
  upper factor ``L^H``): now the complex rules (those of ``np.linalg.cholesky``).
- ``scipy.linalg.solve_triangular`` with ``trans="C"``/``2`` (``a^H y = b``) was solved and
  differentiated as ``trans="T"``: wrong for complex ``a``.
- ``np.median``/``np.quantile`` of an array without entries failed in NumPy's reshape, and
  ``np.clip`` whose bounds broadcast its argument to a larger shape failed adding the
  adjoint (errors, not wrong numbers, but foreign ones).
"""

from __future__ import annotations

import warnings

import autograd
import autograd.numpy as anp
import numpy as np
import pytest
import scipy.linalg
from complex_helpers import complex_fd_grad, complex_fd_jvp

import s2sgrad

W = np.array([0.3 + 0.5j, 1.25 + 0.2j, 0.7 - 0.9j, 1.1 - 0.4j])
C = np.array([1.0, 2.0j, 3.0, -1.0 + 1.0j])


def sign_loss(z):
    s = np.sign(z * z + 0.1j)
    return np.sum(np.real(s * C) + np.imag(s) ** 2 * np.abs(z))


def parts(f):
    """``f`` of the complex vector whose real and imaginary parts are ``v``'s halves."""

    def of_parts(v):
        n = v.shape[0] // 2
        return f(v[:n] + 1j * v[n:])

    return of_parts


def sign_of_parts(v):
    z = v[:4] + 1j * v[4:]
    s = np.sign(z * z + 0.1j)
    return np.sum(np.real(s * C) + np.imag(s) ** 2 * np.abs(z))


def test_sign_of_complex_values_in_every_mode():
    np.testing.assert_allclose(
        s2sgrad.grad(sign_loss)(W), complex_fd_grad(sign_loss, W), rtol=1e-6, atol=1e-8
    )
    _, dot = s2sgrad.jvp(sign_loss, (W,), (1j * W + 0.3,))
    np.testing.assert_allclose(dot, complex_fd_jvp(sign_loss, W, 1j * W + 0.3), rtol=1e-6)
    v = np.concatenate([np.real(W), np.imag(W)])
    hess = s2sgrad.hessian(sign_of_parts)(v)
    fd = np.stack(
        [
            (s2sgrad.grad(sign_of_parts)(v + 1e-6 * e) - s2sgrad.grad(sign_of_parts)(v - 1e-6 * e))
            / 2e-6
            for e in np.eye(8)
        ]
    )
    np.testing.assert_allclose(hess, fd, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(hess, hess.T, rtol=1e-8, atol=1e-10)

    def along(z):  # forward over forward
        return s2sgrad.jvp(sign_loss, (z,), (1j * W + 0.3,))[1]

    _, second = s2sgrad.jvp(along, (W,), (W,))
    np.testing.assert_allclose(second, complex_fd_jvp(along, W, W, eps=1e-5), rtol=1e-6)


def sign_times(x):
    return np.sum(np.sign(x) * x * x) + np.sign(x[0]) * x[1]


def test_sign_of_real_values_has_derivative_zero():
    x = np.array([0.5, -1.5, 0.0, 2.0], dtype=np.float32)
    g = s2sgrad.grad(sign_times)(x)
    assert g.dtype == np.float32
    np.testing.assert_allclose(g, [1.0, 3.0 + 1.0, 0.0, 4.0], rtol=1e-6)
    np.testing.assert_allclose(g, autograd.grad(sign_times_ag)(x), rtol=1e-6)
    np.testing.assert_allclose(
        s2sgrad.hessian(sign_times)(x.astype(float)), np.diag([2.0, -2.0, 0.0, 2.0])
    )


def sign_times_ag(x):
    return anp.sum(anp.sign(x) * x * x) + anp.sign(x[0]) * x[1]


def sign_at_zero(z):
    return np.real(np.sum(np.sign(z) * C))


def test_sign_of_complex_zero_has_derivative_zero():
    z = np.array([0.0j, 1.0 + 1.0j, 0.0j, -2.0j])
    g = s2sgrad.grad(sign_at_zero)(z)
    assert np.all(np.isfinite(g)) and g[0] == 0 and g[2] == 0
    np.testing.assert_allclose(g[[1, 3]], complex_fd_grad(sign_at_zero, z)[[1, 3]], atol=1e-6)


def maximum_ties(z):
    # real parts tie everywhere: NumPy picks by the imaginary parts
    m = np.maximum(z, np.conj(z)) * C + np.minimum(np.conj(z), z)
    return np.real(np.sum(m * m))


def maximum_ties_ag(z):
    m = anp.maximum(z, anp.conj(z)) * C + anp.minimum(anp.conj(z), z)
    return anp.real(anp.sum(m * m))


def test_maximum_of_complex_values_with_tied_real_parts():
    g = s2sgrad.grad(maximum_ties)(W)
    np.testing.assert_allclose(g, complex_fd_grad(maximum_ties, W), rtol=1e-6, atol=1e-8)
    np.testing.assert_allclose(g, autograd.grad(maximum_ties_ag)(W), rtol=1e-10)
    _, dot = s2sgrad.jvp(maximum_ties, (W,), (W * W,))
    np.testing.assert_allclose(dot, complex_fd_jvp(maximum_ties, W, W * W), rtol=1e-6)


def maximum_mixed(z):
    m = np.maximum(z, 0.5) + np.minimum(z[::-1], z)
    return np.real(np.sum(m * C))


@pytest.mark.parametrize("dtype", [np.complex64, np.complex128, np.float32, np.float64])
def test_maximum_keeps_the_dtype(dtype):
    z = (W if np.dtype(dtype).kind == "c" else np.real(W)).astype(dtype)
    g = s2sgrad.grad(maximum_mixed)(z)
    assert g.dtype == dtype
    z64 = z.astype(complex if np.dtype(dtype).kind == "c" else float)
    np.testing.assert_allclose(g, complex_fd_grad(maximum_mixed, z64), rtol=1e-5, atol=1e-5)


def cholesky_upper(z):
    a = np.outer(z, np.conj(z)) + np.diag([1.0, 2.0, 3.0, 4.0])
    return np.sum(
        np.abs(scipy.linalg.cholesky(a)) ** 2 * np.abs(C) + np.imag(scipy.linalg.cholesky(a))
    )


def cholesky_lower(z):
    a = np.outer(z, np.conj(z)) + np.diag([1.0, 2.0, 3.0, 4.0]) + np.triu(np.outer(C, z), 1)
    return np.sum(np.real(scipy.linalg.cholesky(a, lower=True) * C) ** 2)


def cho_factor_both(z):
    a = np.outer(z, np.conj(z)) + np.eye(4)
    c, _ = scipy.linalg.cho_factor(a, lower=True)
    u, _ = scipy.linalg.cho_factor(a)
    return np.sum(np.real(np.tril(c) * C) + np.imag(np.triu(u)) ** 2)


def cho_solve_of(z):
    a = np.outer(z, np.conj(z)) + np.eye(4)
    y = scipy.linalg.cho_solve(scipy.linalg.cho_factor(a), z * C)
    w = scipy.linalg.cho_solve(scipy.linalg.cho_factor(a, lower=True), np.outer(z, C))
    return np.sum(np.real(y * C)) + np.sum(np.imag(w) ** 2)


def cho_solve_real_factor(z):
    a = np.outer(np.real(z), np.real(z)) + np.eye(4)
    return np.sum(np.abs(scipy.linalg.cho_solve(scipy.linalg.cho_factor(a), z * C)) ** 2)


@pytest.mark.parametrize(
    "f", [cholesky_upper, cholesky_lower, cho_factor_both, cho_solve_of, cho_solve_real_factor]
)
def test_scipy_cholesky_of_complex_matrices(f):
    np.testing.assert_allclose(s2sgrad.grad(f)(W), complex_fd_grad(f, W), rtol=1e-6, atol=1e-7)
    _, dot = s2sgrad.jvp(f, (W,), (W * W,))
    np.testing.assert_allclose(dot, complex_fd_jvp(f, W, W * W), rtol=1e-6, atol=1e-7)
    grad = s2sgrad.grad(f)
    _, hv = s2sgrad.jvp(grad, (W,), (1j * W,))
    np.testing.assert_allclose(hv, complex_fd_jvp(grad, W, 1j * W, eps=1e-5), rtol=1e-5, atol=1e-6)
    x = np.real(W)  # real matrices: the derivative as before
    np.testing.assert_allclose(s2sgrad.grad(f)(x), complex_fd_grad(f, x), rtol=1e-6, atol=1e-7)


def median_rows(x):
    return np.sum(np.median(x, axis=1)) + np.sum(np.nanmedian(x, axis=1, keepdims=True))


def quantile_rows(x):
    return np.sum(np.quantile(x, [0.25, 0.5], axis=1))


@pytest.mark.parametrize(
    "f, shape", [(median_rows, (0, 4)), (median_rows, (4, 0)), (quantile_rows, (0, 4))]
)
def test_median_of_an_array_without_entries(f, shape):
    # NumPy gives an empty result (no lanes) or NaN (lanes of length 0); the derivative has
    # no entries either, and used to fail reshaping the lanes (a NumPy ValueError)
    x = np.zeros(shape)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        g = s2sgrad.grad(f)(x)
        _, dot = s2sgrad.jvp(f, (x,), (x,))
    assert g.shape == shape and dot == 0.0


def triangular_conjugate(z):
    a = np.triu(np.outer(z, C)) + 3.0 * np.eye(4)
    y = scipy.linalg.solve_triangular(a, z * z, trans="C")
    w = scipy.linalg.solve_triangular(a.T, np.outer(z, C), trans=2, lower=True, unit_diagonal=True)
    return np.sum(np.real(y * C)) + np.sum(np.imag(w) ** 2)


def test_solve_triangular_with_the_conjugate_transpose():
    # trans="C"/2 solves a^H y = b: it was taken for a^T y = b
    np.testing.assert_allclose(
        s2sgrad.grad(triangular_conjugate)(W),
        complex_fd_grad(triangular_conjugate, W),
        rtol=1e-6,
        atol=1e-7,
    )
    _, dot = s2sgrad.jvp(triangular_conjugate, (W,), (W * W,))
    np.testing.assert_allclose(dot, complex_fd_jvp(triangular_conjugate, W, W * W), rtol=1e-6)
    grad = s2sgrad.grad(triangular_conjugate)
    _, hv = s2sgrad.jvp(grad, (W,), (1j * W,))
    np.testing.assert_allclose(hv, complex_fd_jvp(grad, W, 1j * W, eps=1e-5), rtol=1e-5, atol=1e-6)
    x = np.real(W)
    np.testing.assert_allclose(
        s2sgrad.grad(triangular_conjugate)(x), complex_fd_grad(triangular_conjugate, x), rtol=1e-6
    )


def clip_broadcast_by_bounds(x):
    c = np.clip(x[:, :1], x[0] - 1.0, x[1] + 1.0) + np.clip(x[0, 0], -0.5, x[2] + 0.5)
    return np.sum(np.sin(c) * np.arange(1.0, 13.0).reshape(3, 4))


def test_clip_whose_bounds_broadcast_its_argument():
    # bounds of a larger shape make the result larger than a: a's adjoint is summed back
    # (it was added to a's shape and failed)
    x = np.array([[0.3, -1.2, 2.05, 0.7], [1.1, -0.4, 0.9, 1.6], [-0.25, 0.5, 0.1, -0.9]])
    np.testing.assert_allclose(
        s2sgrad.grad(clip_broadcast_by_bounds)(x),
        complex_fd_grad(clip_broadcast_by_bounds, x),
        rtol=1e-6,
        atol=1e-8,
    )
    v = np.cos(np.arange(12.0)).reshape(3, 4)
    _, dot = s2sgrad.jvp(clip_broadcast_by_bounds, (x,), (v,))
    np.testing.assert_allclose(dot, complex_fd_jvp(clip_broadcast_by_bounds, x, v), rtol=1e-6)
