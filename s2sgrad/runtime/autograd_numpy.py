"""The functions ``autograd.numpy`` has beyond NumPy's (``make_diagonal``, a ``where``
taking keywords, ``linalg.T`` and ``linalg._dot``), which ``s2sgrad.compat.autograd.numpy``
offers under autograd's names; their rules are in :mod:`s2sgrad.rules` (shape, selection,
products)."""

from __future__ import annotations

import numpy as np


def autograd_make_diagonal(D, offset=0, axis1=0, axis2=1):
    """The array ``A`` with ``np.diagonal(A, offset, axis1, axis2) == D`` and zeros off
    that diagonal: ``D``'s last axis becomes the diagonal of new axes ``axis1``, ``axis2``."""
    ndim = np.ndim(D) + 1
    if ndim == 1:
        raise ValueError("make_diagonal needs an array of at least one dimension")
    if not all(-ndim <= a < ndim for a in (axis1, axis2)):
        raise np.exceptions.AxisError(
            f"make_diagonal: axes {axis1}, {axis2} out of range for a {ndim}-d result"
        )
    first, second = axis1 % ndim, axis2 % ndim
    if first == second:
        raise ValueError("make_diagonal: axis1 and axis2 cannot be the same")
    dtype = np.result_type(D, np.float32 if np.result_type(D).itemsize < 8 else np.float64)
    size = np.shape(D)[-1] + abs(offset)
    # row i of the (size, size) matrix holds D[i] at column i + offset (offset >= 0); with
    # offset < 0 column j holds D[j] at row j - offset: D padded to size, times a shifted eye
    padded = np.pad(D, [(0, 0)] * (ndim - 2) + [(0, abs(offset))])
    eye = np.eye(size, k=offset, dtype=dtype)
    square = padded[..., :, None] * eye if offset >= 0 else padded[..., None, :] * eye
    return np.moveaxis(square, (-2, -1), (first, second))


def autograd_where(condition, x=None, y=None):
    """``np.where(condition, x, y)``, ``x`` and ``y`` also by keyword; of Python values only
    (no NumPy array or scalar among the three) the result is a Python value (``tolist()``),
    as autograd's; ``where(condition)``: the indices where ``condition`` holds."""
    if x is None and y is None:
        return np.where(condition)
    if x is None or y is None:
        raise ValueError("either both or neither of x and y should be given")
    out = np.where(condition, x, y)
    if _holds_numpy(condition) or _holds_numpy(x) or _holds_numpy(y):
        return out
    return out.tolist()


def _holds_numpy(value) -> bool:
    if isinstance(value, (list, tuple)):
        return any(_holds_numpy(v) for v in value)
    return isinstance(value, (np.ndarray, np.generic))


def autograd_transpose(x):
    """``x`` with its last two axes swapped (each matrix of a stack transposed): ``linalg.T``."""
    return np.swapaxes(x, -1, -2)


def autograd_dot(a, b):
    """The matrix products of two stacks of matrices, ``einsum('...ij,...jk->...ik')``
    (``linalg._dot``)."""
    return np.einsum("...ij,...jk->...ik", a, b)
