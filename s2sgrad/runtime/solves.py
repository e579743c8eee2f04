"""Helpers of ``scipy.linalg.solve``'s rule: the matrix a call solves with.

``assume_a`` says which entries of ``a`` SciPy reads: a triangle mirrored (``"sym"``,
``"pos"``, ``"her"``, the upper one unless ``lower``), the diagonal, the tridiagonal band,
a triangle (``"upper triangular"``, ``"lower triangular"``), or all of ``a`` (``None``,
``"gen"``, and ``"banded"``, whose bands SciPy finds from ``a`` itself, so that the value is
the general solve's wherever ``a`` is); ``transposed`` solves with that matrix's transpose.
The other entries of ``a`` have derivative 0.
"""

from __future__ import annotations

import numpy as np

from .linalg import lower_symmetric, lower_symmetric_adjoint
from .places import not_implemented

_SOLVE_GENERAL = (None, "gen", "general", "banded")
_SOLVE_SYMMETRIC = ("sym", "symmetric", "pos", "positive definite", "her", "hermitian")
_SOLVE_BANDS = {"diagonal": (0, 0), "tridiagonal": (-1, 1), "upper triangular": (0, None)}
_SOLVE_BANDS["lower triangular"] = (None, 0)


def _solve_band(m, assume_a):
    """The entries of ``m`` in the band ``assume_a`` reads (not a symmetric one)."""
    below, above = _SOLVE_BANDS[assume_a]
    if below is not None:
        m = np.triu(m, below)
    return m if above is None else np.tril(m, above)


def _checked_assume_a(a, assume_a):
    if assume_a not in _SOLVE_GENERAL + _SOLVE_SYMMETRIC + tuple(_SOLVE_BANDS):
        not_implemented(
            f"s2sgrad: the derivative of scipy.linalg.solve with assume_a={assume_a!r} is "
            "not implemented; pass assume_a='gen', 'sym', 'pos', 'diagonal', 'tridiagonal' "
            "or 'upper triangular'/'lower triangular'"
        )
    if assume_a in _SOLVE_SYMMETRIC and np.iscomplexobj(a):
        not_implemented(
            f"s2sgrad: the derivative of scipy.linalg.solve of a complex matrix with "
            f"assume_a={assume_a!r} is not implemented; solve with assume_a='gen'"
        )


def solved_matrix(a, assume_a, lower, transposed):
    """The matrix ``scipy.linalg.solve(a, b, lower=lower, assume_a=assume_a,
    transposed=transposed)`` solves with (linear in ``a``)."""
    _checked_assume_a(a, assume_a)
    if assume_a in _SOLVE_SYMMETRIC:
        return lower_symmetric(a, not lower)  # symmetric: its transpose is itself
    m = a if assume_a in _SOLVE_GENERAL else _solve_band(a, assume_a)
    return np.swapaxes(m, -1, -2) if transposed else m


def solved_matrix_adjoint(g, assume_a, lower, transposed):
    """Adjoint of :func:`solved_matrix` in ``a``: the cotangent ``g`` of the matrix solved
    with, on the entries of ``a`` read."""
    if assume_a in _SOLVE_SYMMETRIC:
        return lower_symmetric_adjoint(g, not lower)
    g = np.swapaxes(g, -1, -2) if transposed else g
    return g if assume_a in _SOLVE_GENERAL else _solve_band(g, assume_a)
