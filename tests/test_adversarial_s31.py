"""Session 31: adversarial NumPy programs against central finite differences and autograd.

``np.var``/``np.std`` (and ``np.nanvar``/``np.nanstd``) with a fractional ``ddof`` (or
``correction=``, NumPy's other name for it) divide by ``n - ddof``: the adjoint truncated it
to an integer (``ddof=0.5`` of 8 entries divided by 7, not 7.5), and the NaN-ignoring ones
rounded ``n - ddof`` below 1 up to 1, a silently wrong gradient.

``np.pad`` of a complex array (or of a real one whose padded result meets a complex factor)
crashed in its adjoint with TypeError: ``np.bincount`` sums real weights only.

``np.astype(x, dtype)`` (NumPy 2.1's function form of ``x.astype``) had no rule.

``np.correlate(a, v)`` conjugates a complex ``v``; its adjoints did not (the adjoint of ``a``
used ``v``, that of ``v`` was not conjugated): a silently wrong gradient of every complex
correlation (forward mode was right).

A real array convolved, correlated or Kronecker-multiplied with a complex one (and the query
points of ``np.interp`` of complex values, the coefficients of ``np.polyval`` at a complex
point, a real operand of ``np.linalg.multi_dot``, ``scipy.linalg.solve_triangular`` and
``scipy.signal.correlate2d``) crashed in the adjoint sweep with UFuncTypeError:
the adjoint helpers returned a complex cotangent for the real array.

Fixed in session 32 (were strict xfails): ``np.maximum``/``np.minimum`` of complex values
(ordered lexicographically, as NumPy orders them) split the derivative by
``np.sign(x1 - x2)``, which NumPy 2 defines as ``(x1 - x2) / |x1 - x2|`` for complex
values, not ±1 (now ``order_sign``); ``np.sign`` was listed as having no derivative, which
holds for real values only: of a complex ``z`` it is ``z / |z|``."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.linalg
import scipy.signal
from complex_helpers import complex_fd_grad, complex_fd_jvp
from gradcheck import check_all_modes

import s2sgrad

X = np.array([0.3, -1.2, 2.1, 0.7, 1.1, -0.4, 0.9, 1.6])


def var_fractional_ddof(x):
    return np.var(x.reshape(2, 4), ddof=0.5, axis=1) @ np.array([1.0, 2.0])


def var_correction(x):
    return np.var(x, correction=1.5)


def std_fractional_ddof(x):
    return np.std(x, ddof=2.5) + x.std(ddof=0.25)


def nanvar_fractional_ddof(x):
    y = np.where(x > 1.5, np.nan, x)
    return np.nanvar(y[:4], ddof=2.5) + np.nanstd(y, ddof=0.5)


@pytest.mark.parametrize(
    "f", [var_fractional_ddof, var_correction, std_fractional_ddof, nanvar_fractional_ddof]
)
def test_fractional_ddof(f):
    check_all_modes(f, X, oracle=f is not var_correction)  # autograd ignores correction=


Z = np.array([0.3 + 0.5j, -1.2 + 0.2j, 0.7 - 0.9j])


def pad_complex(z):
    padded = np.pad(z, (1, 2), mode="edge")
    return np.sum(np.real(padded) * np.arange(6.0) + np.imag(padded) * np.arange(6.0) ** 2)


def pad_real_times_complex(x):
    return np.sum(np.imag(np.pad(x, 1) * (1.0 + 2.0j) * np.arange(5.0)))


def test_pad_complex():
    np.testing.assert_allclose(s2sgrad.grad(pad_complex)(Z), complex_fd_grad(pad_complex, Z))
    _, dot = s2sgrad.jvp(pad_complex, (Z,), (1j * Z,))
    np.testing.assert_allclose(dot, complex_fd_jvp(pad_complex, Z, 1j * Z))
    check_all_modes(pad_real_times_complex, X[:3], oracle=False)


def astype_function(x):
    y = np.astype(x, float) * np.astype(x * 2.3, int) + np.astype(x * (1 + 2j), complex).imag
    return np.sum(np.sin(y) * x)


def test_astype_function():
    check_all_modes(astype_function, X, oracle=False)


@pytest.mark.parametrize("mode", ["full", "same", "valid"])
@pytest.mark.parametrize("n, m", [(5, 3), (2, 4)])
def test_correlate_complex(mode, n, m):
    rng = np.random.default_rng(n + m)
    wr, wi = rng.normal(size=n + m), rng.normal(size=n + m)

    def f(x):
        a = x[:n] + 1j * x[n : 2 * n]
        v = x[2 * n : 2 * n + m] - 0.5j * x[2 * n + m :]
        c = np.correlate(a, v, mode=mode)
        return np.sum(np.real(c) * wr[: c.size]) + np.sum(np.imag(c) * wi[: c.size])

    def g(x):  # a real first argument, a complex second
        c = np.correlate(x[:n], x[n : n + m] * (1.0 + 2.0j), mode=mode)
        return np.sum(np.imag(c) * wi[: c.size])

    check_all_modes(f, rng.normal(size=2 * (n + m)), oracle=False)
    check_all_modes(g, rng.normal(size=n + m), oracle=False)


C = np.array([1.0 + 2.0j, -0.5j, 0.3 + 0.1j])


def convolve_real_complex(x):
    return np.sum(np.imag(np.convolve(x[:3], C[:2] * x[3])) * np.arange(4.0))


def correlate_real_complex(x):
    return np.sum(np.imag(np.correlate(C, x[:4], "full")) * np.arange(6.0))


def kron_real_complex(x):
    return np.sum(np.real(np.kron(x[:2], C[:2] * x[2]) * (1.0 - 1.0j)))


def interp_complex_values(x):
    return np.sum(np.imag(np.interp(x[:3] * 0.3 + 1.0, np.arange(3.0), C)) * x[4])


def polyval_complex_point(x):
    return np.imag(np.polyval(x[:3], C[0])) + np.real(
        np.polynomial.polynomial.polyval(C[1], x[3:6])
    )


def multi_dot_real_complex(x):
    return np.imag(np.linalg.multi_dot([x[:2], C[:2, None] * C[None, :2], x[2:4]]))


def solve_triangular_complex_matrix(x):
    lower = np.tril(np.outer(C, C)) + 3.0 * np.eye(3)
    return np.sum(np.imag(scipy.linalg.solve_triangular(lower, x[:3], lower=True)))


def correlate2d_real_kernel(x):
    c = scipy.signal.correlate2d(np.outer(C, C[:2]), x[:4].reshape(2, 2))
    return np.sum(np.imag(c) * np.arange(12.0).reshape(4, 3))


@pytest.mark.parametrize(
    "f",
    [
        convolve_real_complex,
        correlate_real_complex,
        kron_real_complex,
        interp_complex_values,
        polyval_complex_point,
        multi_dot_real_complex,
        solve_triangular_complex_matrix,
        correlate2d_real_kernel,
    ],
)
def test_real_times_complex_products(f):
    check_all_modes(f, X, oracle=False)


W = np.array([0.3 + 0.5j, 1.25 + 0.2j, 0.7 - 0.9j, 1.1 - 0.4j])


def maximum_complex(z):
    m = np.maximum(z, z[::-1]) + np.minimum(z, 1.0 + 0.1j)
    return np.real(np.sum(m * np.array([1.0, 2.0j, 3.0, -1.0 + 1.0j])))


def test_maximum_complex():
    np.testing.assert_allclose(
        s2sgrad.grad(maximum_complex)(W), complex_fd_grad(maximum_complex, W), atol=1e-6
    )
    _, dot = s2sgrad.jvp(maximum_complex, (W,), (1j * W,))
    np.testing.assert_allclose(dot, complex_fd_jvp(maximum_complex, W, 1j * W), atol=1e-6)


def sign_complex(z):
    return np.real(np.sum(np.sign(z) * z * np.array([1.0, 2.0j, 3.0, 1.0])))


def test_sign_complex():
    np.testing.assert_allclose(
        s2sgrad.grad(sign_complex)(W), complex_fd_grad(sign_complex, W), atol=1e-6
    )
