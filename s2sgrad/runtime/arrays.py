"""Helpers of the rules of NumPy 2's array-API functions (``vector_norm``), ``np.cov`` and
``np.corrcoef``, ``sliding_window_view`` and reductions with ``initial=``."""

from __future__ import annotations

import numpy as np

from .adjoints import part
from .values import _is_zero, _shape

__all__ = [
    "eigh_output",
    "eigh_part",
    "uplo_of",
    "empty_extreme",
    "vector_rows",
    "vector_rows_adjoint",
]


def _vector_axes(x, axis):
    nd = len(_shape(x))
    axes = (axis,) if isinstance(axis, (int, np.integer)) else tuple(axis)
    return nd, tuple(int(a) % nd for a in axes)


def vector_rows(x, axis):
    """``x`` with the axes of ``np.linalg.vector_norm(x, axis=axis)`` (all for None) moved
    last and joined into one: the norm is that of each row."""
    if axis is None:
        return np.reshape(x, (-1,))
    nd, axes = _vector_axes(x, axis)
    moved = np.moveaxis(x, axes, tuple(range(nd - len(axes), nd)))
    return np.reshape(moved, _shape(moved)[: nd - len(axes)] + (-1,))


def vector_rows_adjoint(g, x, axis):
    """The transpose of ``vector_rows``: ``g`` (shaped as the rows) put back in ``x``'s shape."""
    if axis is None:
        return np.reshape(g, _shape(x))
    nd, axes = _vector_axes(x, axis)
    shape = _shape(x)
    moved = tuple(shape[i] for i in range(nd) if i not in axes) + tuple(shape[a] for a in axes)
    return np.moveaxis(np.reshape(g, moved), tuple(range(nd - len(axes), nd)), axes)


def empty_extreme(x, what):
    """What ``np.max`` (``what`` "max") or ``np.min`` of ``x`` starts from, so that an empty
    slice has a value: the lowest (highest) value of ``x``'s type. ``np.max(x, initial=c)``
    is ``np.maximum(np.max(x, initial=empty_extreme(x, "max")), c)`` (normalize/masked.py),
    whose rules give the derivative in ``c`` too."""
    dtype = np.result_type(x)
    if dtype.kind == "b":
        return what != "max"
    if dtype.kind in "iu":
        info = np.iinfo(dtype)
        return info.min if what == "max" else info.max
    return -np.inf if what == "max" else np.inf


# scipy.linalg.eigh (rules/scipy/linalg.py)


def uplo_of(lower):
    """``np.linalg.eigh``'s UPLO for ``scipy.linalg.eigh``'s ``lower``."""
    return "L" if lower else "U"


def eigh_part(g, eigvals_only, i):
    """The cotangent of the eigenvalues (``i`` 0) or eigenvectors (1) in ``g``, that of
    ``scipy.linalg.eigh(..., eigvals_only=eigvals_only)``'s result (0.0: none)."""
    if eigvals_only:
        return g if i == 0 else 0.0
    item = part(g, i)
    return 0.0 if _is_zero(item) else item


def eigh_output(tangents, eigvals_only):
    """``scipy.linalg.eigh``'s tangent from ``eigh_tangent``'s ``[dw, dv]``."""
    return tangents[0] if eigvals_only else (tangents[0], tangents[1])
