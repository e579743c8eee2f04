"""Helpers of the rules of ``np.ediff1d``, ``np.block`` and ``np.polyfit``, exported through
:mod:`s2sgrad.runtime.arrays`."""

from __future__ import annotations

import numpy as np

from .places import not_implemented
from .values import _is_zero

__all__ = [
    "block_adjoint",
    "block_tangent",
    "ediff1d_adjoint",
    "ediff1d_tangent",
    "polyfit_checked",
]


def _ediff1d_sizes(ary, to_end, to_begin):
    def size(v):
        return 0 if v is None else int(np.size(v))

    return size(to_begin), int(np.size(ary)), size(to_end)


def ediff1d_adjoint(g, ary, to_end, to_begin, which):
    """Adjoint of ``np.ediff1d(ary, to_end, to_begin)`` in ``ary`` (``which`` 0), ``to_end``
    (1) or ``to_begin`` (2): the result is ``to_begin``, the differences of ``ary``'s
    flattened entries, then ``to_end``, each flattened."""
    begin, n, end = _ediff1d_sizes(ary, to_end, to_begin)
    if which == 1:
        return np.reshape(g[begin + max(n - 1, 0) :], np.shape(to_end))
    if which == 2:
        return np.reshape(g[:begin], np.shape(to_begin))
    if n == 0:
        return np.zeros(np.shape(ary), dtype=np.result_type(g, 1.0))
    diffs = g[begin : begin + n - 1]  # the transpose of one difference: g[i-1] - g[i]
    return np.reshape(np.pad(diffs, (1, 0)) - np.pad(diffs, (0, 1)), np.shape(ary))


def ediff1d_tangent(ta, to_end, to_begin, te, tb):
    """Tangent of ``np.ediff1d(ary, to_end, to_begin)`` from those of its arguments
    (``None``: not given; a zero tangent of a given one fills its entries with zeros)."""
    parts = [np.diff(np.ravel(ta))]
    if to_begin is not None:
        parts.insert(0, np.ravel(np.zeros(np.shape(to_begin)) + tb))
    if to_end is not None:
        parts.append(np.ravel(np.zeros(np.shape(to_end)) + te))
    return np.concatenate(parts)


def _block_depth(arrays):
    depth = 0
    while isinstance(arrays, list):
        if not arrays:
            break
        arrays = arrays[0]
        depth += 1
    return depth


def _block_shape(arrays):
    return np.shape(np.block(_zero_tree(arrays)))


def _zero_tree(arrays):
    if isinstance(arrays, list):
        return [_zero_tree(a) for a in arrays]
    return np.zeros(np.shape(arrays))


def _block_split(g, arrays, level, depth, ndim):
    if not isinstance(arrays, list):
        return np.reshape(g, np.shape(arrays))
    axis = ndim - (depth - level)
    sizes = [(1,) * (ndim - len(_block_shape(a))) + _block_shape(a) for a in arrays]
    cuts = np.cumsum([s[axis] for s in sizes])[:-1]
    pieces = np.split(g, cuts, axis=axis)
    return [_block_split(p, a, level + 1, depth, ndim) for p, a in zip(pieces, arrays)]


def block_adjoint(g, arrays):
    """Adjoint of ``np.block(arrays)``: ``g`` cut into the nested lists' blocks (the
    innermost lists join along the last axis, the next along the one before, ...)."""
    return _block_split(g, arrays, 0, _block_depth(arrays), np.ndim(g))


def block_tangent(arrays, tangents):
    """Tangent of ``np.block(arrays)``: ``np.block`` of the tangents, a zero tangent as
    zeros shaped like its block."""
    if isinstance(arrays, list):
        if _is_zero(tangents):
            tangents = [0.0] * len(arrays)
        return [block_tangent(a, t) for a, t in zip(arrays, tangents)]
    return np.zeros(np.shape(arrays)) if _is_zero(tangents) else tangents


def _full_rank_fit(x, deg, rcond):
    # as np.polyfit solves: the columns of vander(x, deg + 1) scaled to unit length, and
    # the singular values below rcond (len(x) * eps by default) times the largest dropped
    lhs = np.vander(np.asarray(x, dtype=float), int(deg) + 1)
    lhs = lhs / np.sqrt(np.sum(lhs * lhs, axis=0))
    s = np.linalg.svd(lhs, compute_uv=False)
    cut = np.size(x) * np.finfo(float).eps if rcond is None else rcond
    return bool(np.min(s) > cut * np.max(s))


def polyfit_checked(x, deg, rcond, full, w, cov):
    """``x``, the points of ``np.polyfit(x, y, deg)``: an error for the options the rule
    does not take (``full=True``, ``w=``, ``cov=``) or a fit whose Vandermonde matrix is not
    of full column rank (NumPy's solution is then the minimum-norm one of a rescaled
    system, whose derivative is another)."""
    if full or w is not None or cov is not False:
        not_implemented(
            "s2sgrad: the derivative of np.polyfit with full=True, w= or cov= is not "
            "implemented; fit without them, or solve the weighted least-squares problem "
            "with np.linalg.lstsq of np.vander(x, deg + 1)"
        )
    if np.ndim(x) != 1 or np.size(x) < int(deg) + 1 or not _full_rank_fit(x, deg, rcond):
        not_implemented(
            "s2sgrad: the derivative of np.polyfit needs a fit of full rank (more distinct "
            "points x than deg, none of its singular values dropped by rcond=); lower deg, "
            "add points, or pass no rcond="
        )
    return x
