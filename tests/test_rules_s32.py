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
