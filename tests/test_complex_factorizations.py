"""Complex ``np.linalg.norm`` of every ord, ``qr``, ``cholesky``, ``lstsq``, and
``tensorsolve``/``tensorinv`` (real and complex), issue 14: ``grad`` against complex
finite differences and autograd (where autograd has the rule), ``jvp`` against finite
differences, and forward over reverse (``jvp`` of ``grad``) against finite differences of
``grad``; several shapes, batched where NumPy batches."""

from __future__ import annotations

import autograd
import autograd.numpy as anp
import numpy as np
import pytest
from complex_helpers import complex_fd_grad, complex_fd_jvp, random_like

import s2sgrad


def _check(f, f_ag, a, rng, second=True):
    g = s2sgrad.grad(f)(a)
    assert g.dtype == a.dtype
    np.testing.assert_allclose(g, complex_fd_grad(f, a), rtol=1e-5, atol=1e-6)
    if f_ag is not None:
        np.testing.assert_allclose(g, autograd.grad(f_ag)(a), rtol=1e-7, atol=1e-9)
    v = random_like(rng, a.shape, np.iscomplexobj(a))
    _, t = s2sgrad.jvp(f, (a,), (v,))
    assert np.isrealobj(t)
    np.testing.assert_allclose(t, complex_fd_jvp(f, a, v), rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(t, np.real(np.sum(g * v)), rtol=1e-8, atol=1e-10)
    if second:
        _, hv = s2sgrad.jvp(s2sgrad.grad(f), (a,), (v,))  # forward over reverse
        np.testing.assert_allclose(hv, complex_fd_jvp(s2sgrad.grad(f), a, v), rtol=1e-4, atol=1e-5)
        _, tt = s2sgrad.jvp(lambda x: s2sgrad.jvp(f, (x,), (v,))[1], (a,), (v,))
        np.testing.assert_allclose(tt, np.real(np.sum(hv * v)), rtol=1e-6, atol=1e-8)


# -- norm: every ord of vectors and matrices --------------------------------------------------

VECTOR_ORDS = [1, 3, 4, 1.5, -1, -2, np.inf, -np.inf, 0]


def vector_norm(np, ord, axis, keepdims):
    return lambda x: np.sum(np.sin(np.linalg.norm(x, ord=ord, axis=axis, keepdims=keepdims)))


@pytest.mark.parametrize("cplx", [True, False])
@pytest.mark.parametrize(
    "shape, axis, keepdims",
    [((5,), None, False), ((3, 4), 1, False), ((3, 4), 0, True), ((2, 3, 4), -1, False)],
)
@pytest.mark.parametrize("ord", VECTOR_ORDS)
def test_vector_norm(ord, shape, axis, keepdims, cplx):
    rng = np.random.default_rng(2)
    x = random_like(rng, shape, cplx)
    # autograd: ords > 1 only (its formula is singular for the others), and its keepdims
    # adds an axis to the gradient
    oracle = (
        vector_norm(anp, ord, axis, keepdims)
        if ord not in (0, 1, -1, -2, np.inf, -np.inf) and not keepdims
        else None
    )
    _check(vector_norm(np, ord, axis, keepdims), oracle, x, rng)


MATRIX_ORDS = ["nuc", 2, -2, "fro", 1, -1, np.inf, -np.inf]


def matrix_norm(np, ord, axis, keepdims):
    return lambda x: np.sum(np.linalg.norm(x, ord=ord, axis=axis, keepdims=keepdims) ** 3)


@pytest.mark.parametrize("cplx", [True, False])
@pytest.mark.parametrize(
    "shape, axis, keepdims",
    [
        ((3, 4), None, False),
        ((4, 3), (1, 0), False),
        ((2, 3, 4), (1, 2), False),
        ((3, 2, 4), (0, 2), True),
    ],
)
@pytest.mark.parametrize("ord", MATRIX_ORDS)
def test_matrix_norm(ord, shape, axis, keepdims, cplx):
    rng = np.random.default_rng(3)
    x = random_like(rng, shape, cplx)
    oracle = (
        matrix_norm(anp, ord, axis, keepdims) if ord in ("nuc", "fro") and not keepdims else None
    )
    _check(matrix_norm(np, ord, axis, keepdims), oracle, x, rng)


# -- qr, cholesky, lstsq --------------------------------------------------------------------


def make_factorizations(np):
    """Real losses of a matrix ``a``: gauge-free functions of the factors (numpy's r and L
    have a real, for qr not always positive, diagonal: the factors are smooth in ``a``)."""

    def qr_both(a):
        q, r = np.linalg.qr(a)
        weights = np.arange(1.0, 1.0 + r.shape[-1])
        return np.real(np.sum(q * np.cos(q))) + np.sum(np.abs(r) ** 2 * weights)

    return {
        "qr_q": lambda a: np.real(np.sum(np.linalg.qr(a)[0] ** 2)),
        "qr_r": lambda a: np.imag(np.sum(np.sin(np.linalg.qr(a)[1]))),
        "qr_both": qr_both,
        "cholesky": lambda a: np.real(
            np.sum(
                np.linalg.cholesky(a @ np.conj(np.swapaxes(a, -1, -2)) + np.eye(a.shape[-1]))
                * (1.0 + 2.0j)
            )
        ),
        "cholesky_abs": lambda a: np.sum(
            np.abs(
                np.linalg.cholesky(a @ np.conj(np.swapaxes(a, -1, -2)) + 0.5 * np.eye(a.shape[-1]))
            )
            ** 3
        ),
        "cholesky_triangle": lambda a: np.real(
            np.sum(np.exp(np.linalg.cholesky(0.3 * a + 2.0 * np.eye(a.shape[-1]))))
        ),
    }


FACTORS, AG_FACTORS = make_factorizations(np), make_factorizations(anp)


@pytest.mark.parametrize("cplx", [True, False])
@pytest.mark.parametrize("shape", [(3, 3), (5, 3), (2, 4, 3), (2, 3, 3)])
@pytest.mark.parametrize("name", list(FACTORS))
def test_factorizations(name, shape, cplx):
    if name.startswith("cholesky") and shape[-1] != shape[-2]:
        shape = shape[:-2] + (shape[-1], shape[-1])
    rng = np.random.default_rng(4)
    a = random_like(rng, shape, cplx)
    # autograd has no qr rule; its cholesky rule does not conjugate (wrong for complex), and
    # it symmetrizes (numpy reads the lower triangle: right for symmetric arguments only)
    oracle = AG_FACTORS[name] if name in ("cholesky", "cholesky_abs") and not cplx else None
    _check(FACTORS[name], oracle, a, rng)


B = np.array([[1.0 + 1.0j, 0.5], [0.2, 2.0 - 0.5j], [0.4j, -0.6], [1.0, 0.3 + 0.2j], [-0.7j, 0.1]])


def make_lstsq(np):
    """Losses of ``lstsq`` with ``a`` the ``(5, 3)`` argument (complex or real) beside a
    complex, real, 1-d or 2-d ``b``, or with ``b`` made of the argument."""
    br = np.real(B)

    def real_b(a):
        x = np.linalg.lstsq(a, br, rcond=None)[0]
        return np.imag(np.sum(np.exp(x)) + 0.5j * np.sum(x))

    def of_b(a):
        x = np.linalg.lstsq(B, a[:, 0] * a[:, 1], rcond=None)[0]
        return np.real(np.sum(x * (1.0 - 1.0j)))

    def real_a(a):
        x = np.linalg.lstsq(br + 1.0, a[:, 0] + 1j * a[:, 2], rcond=None)[0]
        return np.real(np.sum(x**3))

    return {
        "x": lambda a: np.real(np.sum(np.linalg.lstsq(a, B, rcond=None)[0] ** 2)),
        "x_vector": lambda a: np.sum(np.abs(np.linalg.lstsq(a, B[:, 0], rcond=None)[0]) ** 2),
        "real_b": real_b,
        "of_b": of_b,
        "real_a": real_a,
    }


LSTSQ, AG_LSTSQ = make_lstsq(np), make_lstsq(anp)


@pytest.mark.parametrize("cplx", [True, False])
@pytest.mark.parametrize("name", list(LSTSQ))
def test_lstsq_solution(name, cplx):
    rng = np.random.default_rng(6)
    a = random_like(rng, (5, 3), cplx)
    _check(LSTSQ[name], None, a, rng)  # autograd has no lstsq rule


def lstsq_residuals(a):
    x, res, rank, s = np.linalg.lstsq(a, B, rcond=None)
    return np.sum(res * np.arange(1.0, 3.0)) + np.sum(s**2) + np.real(np.sum(x))


@pytest.mark.parametrize("cplx", [True, False])
def test_lstsq_residuals_and_singular_values_forward(cplx):
    rng = np.random.default_rng(7)
    a = random_like(rng, (5, 3), cplx)
    v = random_like(rng, a.shape, cplx)
    _, t = s2sgrad.jvp(lstsq_residuals, (a,), (v,))
    np.testing.assert_allclose(t, complex_fd_jvp(lstsq_residuals, a, v), rtol=1e-5, atol=1e-6)
    with pytest.raises(NotImplementedError, match="residuals and singular values"):
        s2sgrad.grad(lstsq_residuals)(a)


# -- tensorsolve and tensorinv ------------------------------------------------------------------

BT = np.array([[0.5 + 1.0j, -0.2, 1.3j], [0.7, 1.1 - 0.4j, -0.6]])


def make_tensor(np):
    """Losses of ``tensorsolve``/``tensorinv`` of the argument ``a`` (shaped as the case's
    ``TENSOR_SHAPES`` entry), or with ``b`` made of it."""
    return {
        "solve": lambda a: np.real(np.sum(np.linalg.tensorsolve(a, BT) ** 2)),
        "solve_real_b": lambda a: np.imag(
            np.sum(np.exp(np.linalg.tensorsolve(a, np.real(BT))))
            + 1j * np.sum(np.linalg.tensorsolve(a, np.real(BT)))
        ),
        "solve_axes": lambda a: np.real(
            np.sum(np.linalg.tensorsolve(np.moveaxis(a, 2, 0), BT, axes=(0,)) * (1.0 + 1.0j))
        ),
        "solve_b": lambda a: np.sum(
            np.abs(
                np.linalg.tensorsolve(
                    np.eye(6).reshape(2, 3, 2, 3) + 0.1j, a.reshape(6, 6)[:2, :3] * 2.0
                )
            )
            ** 2
        ),
        "inv": lambda a: np.real(np.sum(np.sin(np.linalg.tensorinv(a.reshape(2, 3, 6), ind=2)))),
        "inv_ind1": lambda a: np.real(np.sum(np.linalg.tensorinv(a.reshape(6, 2, 3), ind=1) ** 2)),
        "inv_4d": lambda a: np.sum(np.abs(np.linalg.tensorinv(a.reshape(2, 3, 3, 2))) ** 3),
    }


TENSOR, AG_TENSOR = make_tensor(np), make_tensor(anp)
TENSOR_SHAPES = {
    "solve": (2, 3, 6),
    "solve_real_b": (2, 3, 2, 3),
    "solve_axes": (2, 3, 6),
    "solve_b": (6, 6),
    "inv": (6, 6),
    "inv_ind1": (6, 6),
    "inv_4d": (6, 6),
}


@pytest.mark.parametrize("cplx", [True, False])
@pytest.mark.parametrize("name", list(TENSOR))
def test_tensorsolve_tensorinv(name, cplx):
    rng = np.random.default_rng(9)
    shape = TENSOR_SHAPES[name]
    a = random_like(rng, shape, cplx) * 0.3 + 2.0 * np.eye(6).reshape(shape)  # well conditioned
    _check(TENSOR[name], None, a, rng)  # autograd has no tensorsolve/tensorinv rule


def test_tensorsolve_solves_the_system_it_differentiates():
    a = np.random.default_rng(1).normal(size=(3, 2, 3, 2)) + np.eye(6).reshape(3, 2, 3, 2)
    b = np.arange(6.0).reshape(3, 2)

    def residual(a):
        x = np.linalg.tensorsolve(a, b, axes=(0, 3))
        return np.sum(x**2)

    g = s2sgrad.grad(residual)(a)
    np.testing.assert_allclose(g, complex_fd_grad(residual, a), rtol=1e-5, atol=1e-6)


def qr_r_squared(a):
    return np.sum(np.abs(np.linalg.qr(a)[1]) ** 2)


def qr_complete(a):
    return np.sum(np.abs(np.linalg.qr(a, mode="complete")[1]) ** 2)


@pytest.mark.parametrize("cplx", [True, False])
def test_qr_of_a_wide_matrix_or_another_mode_is_an_error(cplx):
    rng = np.random.default_rng(0)
    wide, tall = random_like(rng, (3, 5), cplx), random_like(rng, (5, 3), cplx)
    for f, a, match in (
        (qr_r_squared, wide, "at least as many rows"),
        (qr_complete, tall, "mode='complete'"),
    ):
        with pytest.raises(NotImplementedError, match=match):
            s2sgrad.grad(f)(a)
        with pytest.raises(NotImplementedError, match=match):
            s2sgrad.jvp(f, (a,), (a,))
