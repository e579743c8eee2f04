"""Derivatives of ``np.quantile``, ``np.percentile``, ``np.median`` and their nan-versions.

A quantile is one sorted item, or two neighbouring sorted items mixed by fixed weights,
per lane along the reduced axes: its adjoint puts the incoming sensitivity back on those
items, its tangent mixes the same items of the tangent. Ties go to the item NumPy's
stable sort puts first (a subgradient).
"""

from __future__ import annotations

import math

import numpy as np

from .places import _lacking, not_implemented
from .values import _lazy

# how each method mixes the two items around the virtual index v = q * (n - 1)
QUANTILE_METHODS = ("linear", "lower", "higher", "midpoint", "nearest")


def _reduced_axes(x, axis) -> tuple:
    """The reduced axes of ``x``, non-negative and sorted (all of them for None)."""
    ndim = np.ndim(x)
    if axis is None:
        return tuple(range(ndim))
    axes = axis if isinstance(axis, tuple | list) else (axis,)
    return tuple(sorted(int(a) % ndim for a in axes))


def _quantile_lanes(x, axes):
    """``x`` with the kept axes first and the reduced axes merged into the last one."""
    kept = tuple(a for a in range(np.ndim(x)) if a not in axes)
    shape = tuple(np.shape(x)[a] for a in kept)
    size = math.prod(np.shape(x)[a] for a in axes)  # not -1: an empty x has no lane length
    return np.reshape(np.transpose(x, kept + axes), (*shape, size)), kept + axes


def _quantile_mix(x, q, axes, method, nan):
    """``(order, lo, hi, w)``: the sorting order of each lane, the sorted positions of the
    two items of each quantile (shape ``np.shape(q) + lanes``) and the weight of ``hi``."""
    if method not in QUANTILE_METHODS:
        not_implemented(
            f"s2sgrad: the derivative of a quantile with method={method!r} is not "
            f"implemented; use one of {', '.join(map(repr, QUANTILE_METHODS))}"
        )
    lanes, _ = _quantile_lanes(np.asarray(x), axes)
    order = np.argsort(lanes, axis=-1, kind="stable")  # NaN sorts last
    if nan:
        count = np.sum(~np.isnan(lanes), axis=-1)
    else:
        count = np.full(lanes.shape[:-1], lanes.shape[-1])
    q = np.asarray(q, dtype=float)
    last = np.maximum(count - 1, 0)
    v = np.reshape(q, q.shape + (1,) * (lanes.ndim - 1)) * last
    lo = np.floor(v)
    frac = v - lo
    if method == "lower":
        frac = np.zeros_like(frac)
    elif method == "higher":
        lo, frac = np.ceil(v), np.zeros_like(frac)
    elif method == "midpoint":
        frac = np.where(frac > 0, 0.5, 0.0)
    elif method == "nearest":  # ties to the even position, as NumPy rounds
        frac = np.where((frac > 0.5) | ((frac == 0.5) & (lo % 2 == 1)), 1.0, 0.0)
    lo = np.minimum(lo, last).astype(np.intp)
    hi = np.minimum(lo + 1, last)
    return order, lo, hi, frac


def _quantile_shape(x, q, axes, keepdims) -> tuple:
    shape = np.shape(x)
    if keepdims:
        kept = tuple(1 if a in axes else n for a, n in enumerate(shape))
    else:
        kept = tuple(n for a, n in enumerate(shape) if a not in axes)
    return np.shape(q) + kept


def unmoved_method(method, overwrite_input):
    """``method``, for the derivative of a quantile or median; an error where the call was
    allowed to reorder its input in place (``overwrite_input=True``): the derivative reads
    the input, and would put each sensitivity at the wrong entry."""
    if overwrite_input:
        not_implemented(
            "s2sgrad: the derivative of a quantile or median with overwrite_input=True is not"
            " implemented (the call reorders its input in place, and the derivative reads"
            " it); leave overwrite_input out"
        )
    return method


def quantile_adjoint(g, x, q, axis, keepdims, method, interpolation, nan):
    """Adjoint in ``x`` of ``np.quantile(x, q, axis, method=method, keepdims=keepdims)``
    (``nan``: of ``np.nanquantile``; ``interpolation``: NumPy's old name of ``method``,
    used when given); ``q`` in [0, 1]."""
    if _lazy(g) or _lazy(x):
        _lacking(
            "the derivative of a quantile",
            "np.argsort and np.put_along_axis",
            g if _lazy(g) else x,
            "compute the array first",
        )
    axes = _reduced_axes(x, axis)
    if np.size(x) == 0:  # no entries to put sensitivities on (the quantile is NaN or empty)
        return np.zeros(np.shape(x), dtype=np.result_type(g, float))
    order, lo, hi, frac = _quantile_mix(x, q, axes, interpolation or method, nan)
    lanes_shape = order.shape
    g = np.reshape(g, lo.shape)
    n = lanes_shape[-1]
    positions = np.arange(n)
    q_axes = tuple(range(np.ndim(q)))
    dtype = np.result_type(g, float)
    at_lo = np.sum((positions == lo[..., None]) * (g * (1.0 - frac))[..., None], axis=q_axes)
    at_hi = np.sum((positions == hi[..., None]) * (g * frac)[..., None], axis=q_axes)
    sorted_adjoint = (at_lo + at_hi).astype(dtype, copy=False)
    lanes = np.zeros(lanes_shape, dtype=dtype)
    np.put_along_axis(lanes, order, sorted_adjoint, axis=-1)
    out = _from_lanes(lanes, x, axes)
    # an all-NaN lane of a nan-quantile is NaN: its items get no sensitivity
    return np.where(np.isnan(x), 0.0, out) if nan else out


def _from_lanes(lanes, x, axes):
    """Inverse of :func:`_quantile_lanes`: lanes back to ``x``'s shape and axis order."""
    kept = tuple(a for a in range(np.ndim(x)) if a not in axes)
    perm = kept + axes
    shape = tuple(np.shape(x)[a] for a in perm)
    return np.transpose(np.reshape(lanes, shape), np.argsort(perm))


def quantile_tangent(tx, x, q, axis, keepdims, method, interpolation, nan):
    """Tangent of ``np.quantile(x, q, axis, ...)`` (``nan``: of ``np.nanquantile``) for
    the tangent ``tx`` of ``x``."""
    axes = _reduced_axes(x, axis)
    if np.size(x) == 0:  # a linear map from no entries: 0 (the quantile is NaN or empty)
        return np.zeros(_quantile_shape(x, q, axes, keepdims), dtype=np.result_type(tx, float))
    order, lo, hi, frac = _quantile_mix(x, q, axes, interpolation or method, nan)
    lanes, _ = _quantile_lanes(np.broadcast_to(tx, np.shape(x)), axes)
    if nan:
        lanes = np.where(np.isnan(_quantile_lanes(np.asarray(x), axes)[0]), 0.0, lanes)
    ordered = np.take_along_axis(lanes, order, axis=-1)
    ordered = np.reshape(ordered, (1,) * np.ndim(q) + ordered.shape)
    low = np.take_along_axis(ordered, lo[..., None], axis=-1)[..., 0]
    high = np.take_along_axis(ordered, hi[..., None], axis=-1)[..., 0]
    return np.reshape(low * (1.0 - frac) + high * frac, _quantile_shape(x, q, axes, keepdims))
