"""Helpers of the rules of ``scipy.linalg.lu`` and ``scipy.linalg.logm``, exported through
:mod:`s2sgrad.runtime.arrays`."""

from __future__ import annotations

import numpy as np

from .linalg import _block_upper
from .places import not_implemented

__all__ = [
    "logm_frechet",
    "logm_frechet_da",
    "lu_permutation_matrix",
    "lu_square",
]


def lu_square(y, a, permute_l):
    """``y = scipy.linalg.lu(a, permute_l)``, the factors its rule reads: an error for
    ``a`` not square (``l`` or ``u`` rectangular) or ``permute_l=True`` (``p @ l`` returned)."""
    shape = np.shape(a)
    if permute_l or len(shape) < 2 or shape[-1] != shape[-2]:
        not_implemented(
            "s2sgrad: the derivative of scipy.linalg.lu is implemented for a square matrix "
            "with permute_l=False; for another, use "
            "p, l, u = scipy.linalg.lu(a) of a square matrix, and p @ l"
        )
    return y


def lu_permutation_matrix(p, p_indices):
    """The permutation matrix ``p`` of ``a = p @ l @ u`` from ``scipy.linalg.lu``'s first
    result (with ``p_indices=True`` the rows: ``a = (l @ u)[p]``)."""
    if not p_indices:
        return p
    n = np.shape(p)[-1]
    return np.eye(n)[p]


def logm_frechet(a, e):
    """The Frechet derivative of ``scipy.linalg.logm`` at ``a`` along ``e`` (the block
    matrix ``logm([[a, e], [0, a]])``'s upper right block)."""
    import scipy.linalg

    n = np.shape(a)[-1]
    return scipy.linalg.logm(_block_upper(a, e, a))[..., :n, n:]


def logm_frechet_da(a, e, f):
    """Derivative of ``logm_frechet(a, e)`` in ``a`` along ``f``."""
    import scipy.linalg

    n = np.shape(a)[-1]
    x = _block_upper(a, e, a)
    z = _block_upper(f, np.zeros_like(f + 0.0), f)
    return scipy.linalg.logm(_block_upper(x, z, x))[..., :n, 3 * n :]
