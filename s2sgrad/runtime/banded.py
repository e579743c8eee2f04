"""Helpers of ``scipy.linalg.solve_banded``'s rule: matrices in banded storage.

``ab`` of shape ``(l + u + 1, n)`` holds ``A[i, j]`` at ``ab[u + i - j, j]`` (``l`` bands
below the diagonal, ``u`` above); the other entries of ``ab`` are not read by SciPy, and
have derivative 0.
"""

from __future__ import annotations

import numpy as np


def _bands(l_and_u, ab):
    """``(row of ab, offset i - j, first column, end column)`` of every band."""
    lower, upper = (int(k) for k in l_and_u)
    n = np.shape(ab)[-1]
    for r in range(lower + upper + 1):
        d = r - upper
        yield r, d, max(0, -d), min(n, n - d)


def banded_matmul(l_and_u, ab, x):
    """``A @ x`` for the banded ``A`` (``x`` a vector or a matrix of columns)."""
    x = np.asarray(x)
    out = np.zeros(np.shape(x), dtype=np.result_type(ab, x))
    column = (slice(None),) + (None,) * (x.ndim - 1)
    for r, d, lo, hi in _bands(l_and_u, ab):
        if lo < hi:
            out[lo + d : hi + d] += ab[r, lo:hi][column] * x[lo:hi]
    return out


def banded_outer(l_and_u, g, y):
    """The banded part of ``g @ y.T`` (``g y^T`` for vectors), in banded storage: the
    adjoint of ``ab`` for ``A @ y`` with the cotangent ``g``."""
    g, y = np.asarray(g), np.asarray(y)
    lower, upper = (int(k) for k in l_and_u)
    n = np.shape(y)[0]
    out = np.zeros((lower + upper + 1, n), dtype=np.result_type(g, y))
    for r, d, lo, hi in _bands(l_and_u, out):
        if lo < hi:
            prod = g[lo + d : hi + d] * y[lo:hi]
            out[r, lo:hi] = (
                prod if prod.ndim == 1 else np.sum(prod, axis=tuple(range(1, prod.ndim)))
            )
    return out


def banded_transpose(l_and_u, ab):
    """The banded storage of ``A.T`` (with ``u`` bands below and ``l`` above)."""
    lower, upper = (int(k) for k in l_and_u)
    out = np.zeros_like(ab)
    n = np.shape(ab)[-1]
    for r in range(lower + upper + 1):
        d = r - lower  # i - j in A.T, so A.T[i, j] = A[j, i] = ab[upper - d, i]
        lo, hi = max(0, -d), min(n, n - d)
        if lo < hi:
            out[r, lo:hi] = ab[upper - d, lo + d : hi + d]
    return out


def swapped(l_and_u):
    """``(u, l)`` for ``(l, u)``."""
    return (l_and_u[1], l_and_u[0])
