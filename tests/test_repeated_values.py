"""eigh, eigvalsh, svd, eig and eigvals at repeated (or zero) eigenvalues and singular values
(issue 12). Of the values alone the derivative is defined (``d sum(eigvalsh(a)) / da = I``):
the terms in the vectors' adjoint, which hold ``1 / (w_j - w_i)``, are skipped when that
adjoint is zero, as autograd's ``if np.any(vg)``. With the vectors used, the derivative is
undefined there: nan, as autograd gives, never a finite number that finite differences
contradict."""

from __future__ import annotations

import warnings

import autograd
import autograd.numpy as anp
import numpy as np
import pytest
from gradcheck import check_all_modes, fd_hessian, numerical_grad

import s2sgrad

pytestmark = pytest.mark.filterwarnings("ignore::RuntimeWarning")  # inf in the skipped terms

I3 = np.eye(3)
REPEATED = np.diag([1.0, 1.0, 2.0])  # exactly repeated eigenvalues and singular values
SINGULAR = np.diag([2.0, 0.0, 0.0])  # zero singular values (1 / s is inf)
POINTS = {"identity": I3, "repeated": REPEATED, "zero": np.zeros((3, 3)), "singular": SINGULAR}


def eigh_sum(a):
    return np.sum(np.linalg.eigh(a)[0])


def eigh_squares(a):
    w, v = np.linalg.eigh(a)
    return np.sum(w**2)


def eigh_result_field(a):
    return np.sum(np.linalg.eigh(a).eigenvalues ** 3)


def eigvalsh_squares(a):
    return np.sum(np.linalg.eigvalsh(a) ** 2)


def svd_values(a):
    return np.sum(np.linalg.svd(a, compute_uv=False) ** 2)


def svd_factors_values(a):
    u, s, vt = np.linalg.svd(a)
    return np.sum(s**2)


def svd_reduced_values(a):
    return np.sum(np.linalg.svd(a, full_matrices=False)[1] ** 2)


def eig_values(a):
    w, v = np.linalg.eig(a)
    return np.sum(np.real(w) ** 2)


def eigvals_values(a):
    return np.sum(np.real(np.linalg.eigvals(a)) ** 2)


VALUES_ONLY = [
    eigh_sum,
    eigh_squares,
    eigh_result_field,
    eigvalsh_squares,
    svd_values,
    svd_factors_values,
    svd_reduced_values,
    eig_values,
    eigvals_values,
]


@pytest.mark.parametrize("point", sorted(POINTS))
@pytest.mark.parametrize("f", VALUES_ONLY, ids=lambda f: f.__name__)
def test_values_alone_have_a_derivative_at_repeated_values(f, point):
    a = POINTS[point]
    g = s2sgrad.grad(f)(a.copy())
    assert np.all(np.isfinite(g))
    # grad, value_and_grad, vjp, jvp against finite differences (and autograd, where it
    # runs; of svd(a, full_matrices=False)[1] autograd's gradient is nan: it computes the
    # U and V terms too)
    check_all_modes(f, a, hess=False, oracle=f is not svd_reduced_values)


def test_gradient_of_eigenvalue_sum_is_the_identity():
    np.testing.assert_allclose(s2sgrad.grad(lambda a: np.sum(np.linalg.eigvalsh(a)))(I3), I3)
    np.testing.assert_allclose(s2sgrad.grad(eigh_sum)(I3), I3)
    np.testing.assert_allclose(s2sgrad.grad(svd_values)(SINGULAR), 2 * SINGULAR)


def _nan_or_close(got, expected, **tol):
    """Undefined is nan; a finite answer must be the right one."""
    got = np.asarray(got)
    if np.all(np.isfinite(got)):
        np.testing.assert_allclose(got, expected, **tol)
    else:
        assert np.isnan(got).any()


def eigh_vectors(a):
    w, v = np.linalg.eigh(a)
    return np.sum(w) + np.sum(v[:, 0] * np.array([1.0, 2.0, 3.0]))


def a_eigh_vectors(a):
    w, v = anp.linalg.eigh(a)
    return anp.sum(w) + anp.sum(v[:, 0] * anp.array([1.0, 2.0, 3.0]))


def svd_vectors(a):
    u, s, vt = np.linalg.svd(a, full_matrices=False)
    return np.sum(s) + np.sum(u[:, 0] * np.array([1.0, 2.0, 3.0]))


def a_svd_vectors(a):
    u, s, vt = anp.linalg.svd(a, full_matrices=False)
    return anp.sum(s) + anp.sum(u[:, 0] * anp.array([1.0, 2.0, 3.0]))


@pytest.mark.parametrize(
    "f,af", [(eigh_vectors, a_eigh_vectors), (svd_vectors, a_svd_vectors)], ids=["eigh", "svd"]
)
def test_vectors_used_at_repeated_values_are_nan_as_autograd(f, af):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        theirs = autograd.grad(af)(I3.copy())
        ours = s2sgrad.grad(f)(I3.copy())
        _, tangent = s2sgrad.jvp(f, (I3.copy(),), (np.ones((3, 3)),))
    assert np.isnan(theirs).any()
    assert np.isnan(ours).any()
    assert not np.isfinite(tangent)


@pytest.mark.parametrize(
    "f", [eigh_squares, eigvalsh_squares, svd_values], ids=lambda f: f.__name__
)
def test_hessian_at_repeated_values_is_nan_or_right(f):
    # autograd's Hessian is nan here too (the eigenvectors' tangent, inf, enters the
    # derivative of the gradient v diag(g) v^T)
    _nan_or_close(s2sgrad.hessian(f)(I3.copy()), fd_hessian(f, I3), rtol=1e-4, atol=1e-4)


A = np.array([[2.0, 0.3, -0.1], [0.3, 1.0, 0.4], [-0.1, 0.4, -0.5]])  # distinct eigenvalues
M = np.array([[1.5, 0.2, -0.7], [0.1, -0.9, 0.4], [0.6, 0.3, 0.8]])  # distinct singular values


def _eigh_vector_square(a):
    return np.linalg.eigh(a)[1][:, 0] ** 2  # the sign of the eigenvector drops out


def _svd_vector_product(a):
    u, s, vt = np.linalg.svd(a)
    return u[:, 0] * vt[0, :]  # the signs of u and v drop out together


@pytest.mark.parametrize(
    "vectors,a", [(_eigh_vector_square, A), (_svd_vector_product, M)], ids=["eigh", "svd"]
)
def test_hessian_where_the_vectors_adjoint_is_zero_but_not_its_tangent(vectors, a):
    # the vectors' adjoint is exactly zero at a (a minimum of the vector term), its
    # tangent is not: the skipped term still has its second derivative
    c = vectors(a)

    def f(x):
        w = np.linalg.eigvalsh(x) if vectors is _eigh_vector_square else np.linalg.svd(x)[1]
        return np.sum(w**2) + 10.0 * np.sum((vectors(x) - c) ** 2)

    np.testing.assert_allclose(
        s2sgrad.grad(f)(a.copy()), numerical_grad(f, (a.copy(),), 0), rtol=1e-6, atol=1e-6
    )
    np.testing.assert_allclose(s2sgrad.hessian(f)(a.copy()), fd_hessian(f, a), rtol=1e-3, atol=1e-3)
