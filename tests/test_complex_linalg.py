"""Complex statistics and ``numpy.linalg`` (issue 14): var/std/nanvar/nanstd, svd, pinv,
inv/solve/det/slogdet/eigh/matrix_power/norm of complex matrices, in reverse mode (grad),
forward mode (jvp) and forward over reverse (jvp of grad), against complex finite
differences and autograd. Eigenvector and singular-vector losses are gauge-invariant."""

from __future__ import annotations

import autograd
import autograd.numpy as anp
import numpy as np
import pytest
from complex_helpers import complex_fd_grad, complex_fd_jvp, random_like

import s2sgrad


def make_cases(np):
    """Real losses of a complex (or real) matrix ``a`` (``np``: numpy or autograd's)."""

    def svd_product(a):
        u, s, vh = np.linalg.svd(a, full_matrices=False)
        return np.real(np.sum(u @ np.diag(s**2) @ vh * np.cos(a)))

    def svd_u_vh(a):
        u, s, vh = np.linalg.svd(a, full_matrices=False)
        return np.imag(np.sum((u @ vh) ** 2))

    return {
        "var": lambda a: np.var(a * a),
        "var_axis_ddof": lambda a: np.sum(np.var(np.exp(a), axis=0, ddof=1) ** 2),
        "std": lambda a: np.sum(np.std(a, axis=1, keepdims=True) * np.real(a)),
        "std_ddof": lambda a: np.std(a * (1.0 + 2.0j), ddof=1),
        "singular_values": lambda a: np.sum(np.linalg.svd(a, compute_uv=False) ** 1.5),
        "svd_s": lambda a: np.sum(np.linalg.svd(a, full_matrices=False)[1] ** 2.5),
        "svd_abs_u": lambda a: np.sum(
            np.abs(np.linalg.svd(a, full_matrices=False)[0]) ** 2
            * np.arange(1.0, 1.0 + min(a.shape))
        ),
        "svd_abs_vh": lambda a: np.sum(np.abs(np.linalg.svd(a, full_matrices=False)[2]) ** 4),
        "svd_product": svd_product,
        "svd_u_vh": svd_u_vh,
        "pinv": lambda a: np.real(np.sum(np.linalg.pinv(a) * np.cos(a.T))),
        "pinv_abs": lambda a: np.sum(np.abs(np.linalg.pinv(a * 2.0)) ** 2),
    }


def make_square(np):
    """Real losses of a square matrix ``a``."""
    return {
        "inv": lambda a: np.real(np.sum(np.linalg.inv(a) * np.sin(a))),
        "solve": lambda a: np.imag(np.sum(np.linalg.solve(a, np.exp(a)))),
        "det": lambda a: np.abs(np.linalg.det(a)) + np.real(np.linalg.det(a * 1j)),
        "slogdet": lambda a: np.linalg.slogdet(a)[1],
        "slogdet_sign": lambda a: (
            np.real(np.linalg.slogdet(a * 1.5)[0] * (1.0 + 2.0j))
            + np.linalg.slogdet(a)[1] * np.imag(np.linalg.slogdet(a)[0])
        ),
        "matrix_power": lambda a: np.real(np.sum(np.linalg.matrix_power(a, 3) * np.conj(a))),
        "norm_fro": lambda a: np.linalg.norm(a @ a),
        "eigh_values": lambda a: np.sum(np.linalg.eigh(a @ np.conj(a.T))[0] ** 1.5),
        "eigh_abs_vectors": lambda a: np.sum(
            np.abs(np.linalg.eigh(a + np.conj(a.T))[1]) ** 2 * np.arange(1.0, 4.0)
        ),
        "eigvalsh": lambda a: np.sum(np.linalg.eigvalsh(a @ np.conj(a.T) + a) ** 3),
        "eigvalsh_upper": lambda a: np.sum(np.exp(np.linalg.eigvalsh(a, UPLO="U"))),
        "eig_values": lambda a: np.real(np.sum(np.linalg.eig(a)[0] ** 2 * (1.0 + 0.5j))),
        "eig_abs_values": lambda a: np.sum(np.abs(np.linalg.eig(a)[0]) ** 3),
        "eigvals": lambda a: np.imag(np.sum(np.exp(np.linalg.eigvals(a)))),
        "eig_abs_vectors": lambda a: np.sum(np.abs(np.linalg.eig(a)[1]) ** 2 * np.arange(1.0, 4.0)),
        "eig_vector_overlap": lambda a: (
            np.abs(np.vdot(np.linalg.eig(a)[1][:, 0], np.linalg.eig(a)[1][:, 1])) ** 2
        ),
    }


# autograd's pinv rule does not conjugate: wrong for complex matrices that are not square
# (finite differences agree with s2sgrad); it has no matrix_power rule and no slogdet of
# complex matrices; its eigvals, eigvalsh and vdot have no VJP
AUTOGRAD_LACKS = {"matrix_power", "eigvals", "eig_vector_overlap", "eigvalsh", "eigvalsh_upper"}
AUTOGRAD_WRONG = {("pinv", (4, 3)), ("pinv", (3, 5)), ("pinv_abs", (4, 3)), ("pinv_abs", (3, 5))}
CASES, AG_CASES = make_cases(np), make_cases(anp)
SQUARE, AG_SQUARE = make_square(np), make_square(anp)
SHAPES = [(3, 3), (4, 3), (3, 5)]


def _check(f, f_ag, a, rng, oracle=True):
    g = s2sgrad.grad(f)(a)
    assert g.dtype == a.dtype
    np.testing.assert_allclose(g, complex_fd_grad(f, a), rtol=1e-5, atol=1e-6)
    if oracle:
        np.testing.assert_allclose(g, autograd.grad(f_ag)(a), rtol=1e-7, atol=1e-9)
    v = random_like(rng, a.shape, np.iscomplexobj(a))
    _, t = s2sgrad.jvp(f, (a,), (v,))
    np.testing.assert_allclose(t, complex_fd_jvp(f, a, v), rtol=1e-5, atol=1e-6)
    _, hv = s2sgrad.jvp(s2sgrad.grad(f), (a,), (v,))  # forward over reverse
    np.testing.assert_allclose(hv, complex_fd_jvp(s2sgrad.grad(f), a, v), rtol=1e-4, atol=1e-5)


@pytest.mark.parametrize("cplx", [True, False])
@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("name", list(CASES))
def test_rectangular(name, shape, cplx):
    rng = np.random.default_rng(11)
    a = random_like(rng, shape, cplx) + (2.0 * np.eye(*shape) if "pinv" in name else 0.0)
    _check(CASES[name], AG_CASES[name], a, rng, oracle=(name, shape) not in AUTOGRAD_WRONG)


@pytest.mark.parametrize("cplx", [True, False])
@pytest.mark.parametrize("name", list(SQUARE))
def test_square(name, cplx):
    rng = np.random.default_rng(5)
    a = random_like(rng, (3, 3), cplx) + 2.0 * np.eye(3)
    _check(
        SQUARE[name],
        AG_SQUARE[name],
        a,
        rng,
        oracle=name not in AUTOGRAD_LACKS and not (name.startswith("slogdet") and cplx),
    )


# real matrices whose eigenvalues are complex: real input, complex eigenvalues and vectors
ROTATIONS = [
    np.array([[0.0, 2.0, 0.0], [-2.0, 0.0, 0.0], [0.0, 0.0, 1.0]]),
    np.array([[1.0, -3.0, 0.5], [2.0, 0.5, 0.0], [0.3, 0.0, -1.0]]),
]


@pytest.mark.parametrize("k", range(len(ROTATIONS)))
@pytest.mark.parametrize(
    "name", ["eig_values", "eig_abs_values", "eigvals", "eig_abs_vectors", "eig_vector_overlap"]
)
def test_eig_of_a_real_matrix_with_complex_eigenvalues(name, k):
    a = ROTATIONS[k] + np.random.default_rng(k).normal(size=(3, 3)) * 0.1
    assert np.iscomplexobj(np.linalg.eigvals(a))
    _check(
        SQUARE[name],
        AG_SQUARE[name],
        a,
        np.random.default_rng(1),
        oracle=name not in AUTOGRAD_LACKS,
    )


def nanvariance(z):
    return np.sum(np.nanvar(z, axis=1)) + np.nanstd(z * 1j + z)


def test_nanvar_nanstd_of_complex_values_skip_nans():
    rng = np.random.default_rng(3)
    z = random_like(rng, (3, 4), True)
    _check(nanvariance, None, z, rng, oracle=False)
    z[1, 2] = np.nan
    g = s2sgrad.grad(nanvariance)(z)
    assert g[1, 2] == 0
    keep = np.isfinite(z)

    def on_valid(w):
        full = z.copy()
        full[keep] = w
        return nanvariance(full)

    np.testing.assert_allclose(g[keep], complex_fd_grad(on_valid, z[keep]), rtol=1e-5, atol=1e-6)


def complex_variance_is_real(z):
    return np.var(z) + np.std(z)


def test_variance_of_complex_values_is_real_in_both_modes():
    z = np.array([1.0 + 2.0j, -0.5j, 0.3 + 0.1j])
    value, t = s2sgrad.jvp(complex_variance_is_real, (z,), (z * 1j,))
    assert np.isrealobj(value) and np.isrealobj(t)
    # a rotation z * e^(i phi) leaves |z - mean| unchanged: the tangent along 1j * z is 0
    np.testing.assert_allclose(t, 0.0, atol=1e-12)


B = np.array([[1.0 + 1.0j, 0.5, -0.3j], [0.2, 2.0 - 0.5j, 0.1], [0.4j, -0.6, 1.5]])


def make_mixed(np):
    """A real matrix beside a complex one: the real argument's adjoint stays real."""
    return {
        "solve_real_a": lambda a: np.real(np.sum(np.linalg.solve(np.real(a), B) * 1j)),
        "solve_real_b": lambda a: np.imag(np.sum(np.linalg.solve(B, np.real(a)))),
        "inv_times": lambda a: np.real(np.sum(np.linalg.inv(a) @ B)),
        "multi_dot": lambda a: np.real(np.sum(np.linalg.multi_dot([a.T, a, B]) * (1.0 + 1.0j))),
        "norm_columns": lambda a: np.sum(np.linalg.norm(a, axis=0)),
    }


MIXED, AG_MIXED = make_mixed(np), make_mixed(anp)


@pytest.mark.parametrize("cplx", [True, False])
@pytest.mark.parametrize("name", list(MIXED))
def test_real_beside_complex(name, cplx):
    rng = np.random.default_rng(8)
    a = random_like(rng, (3, 3), cplx) + 2.0 * np.eye(3)
    # autograd has no multi_dot rule, and its solve gives a real matrix a complex adjoint
    # (the imaginary part of the gradient of f(np.real(a)), which finite differences say is 0)
    _check(
        MIXED[name],
        AG_MIXED[name],
        a,
        rng,
        oracle=name not in ("multi_dot", "solve_real_a", "solve_real_b"),
    )


@pytest.mark.parametrize(
    "f",
    [
        lambda a: np.real(np.sum(np.linalg.lstsq(a, B.real[:, 0], rcond=None)[0])),
        lambda a: np.linalg.norm(a, 2),
        lambda a: np.linalg.norm(a, "nuc"),
        lambda a: np.sum(np.linalg.norm(a, 3, axis=1)),
        lambda a: np.sum(np.abs(np.linalg.qr(a)[1])),
        lambda a: np.sum(np.abs(np.linalg.cholesky(a @ np.conj(a.T)))),
    ],
)
def test_formerly_real_only_rules_take_complex_values(f):
    # these rules raised for complex values before issue 14 finished them
    # (tests/test_complex_factorizations.py checks them in every mode)
    for a in (B + 2.0 * np.eye(3), np.real(B) + 2.0 * np.eye(3)):
        np.testing.assert_allclose(s2sgrad.grad(f)(a), complex_fd_grad(f, a), rtol=1e-5, atol=1e-6)
