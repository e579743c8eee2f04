"""Adjoints of reductions: sums, means, variances, products, cumulative
reductions, max/min, weighted averages.
"""

from __future__ import annotations

import numpy as np

from .adjoints import part
from .broadcast import _axes, _expand, unbroadcast
from .places import not_implemented
from .products import _inverse_permutation
from .values import _is_zero, _lazy, _shape, _unknown


def reduce_adjoint(g, x, axis, keepdims):
    """Adjoint of ``sum(x, axis, keepdims)``: ``g`` broadcast back to ``x``'s shape."""
    if (
        axis is None
        and type(x) is np.ndarray
        and x.size <= 8192
        and (type(g) is float or np.ndim(g) == 0 and not _lazy(g))
    ):
        # cheaper than a broadcast view for small arrays; keeps float32 as float32
        return np.full(x.shape, g, dtype=np.result_type(x, g))
    if _lazy(x) and _unknown(_shape(x)):
        # unknown sizes (after boolean indexing): broadcast by multiplying, not to a shape
        return _expand(g, x, axis, keepdims) * np.ones_like(x)
    if _lazy(x) and not _lazy(g):
        g = np.ones_like(x, shape=()) * g  # a Python or NumPy seed made lazy
    elif type(g) is float and hasattr(x, "dtype"):
        g = np.full((), g, dtype=np.result_type(x, g))  # float32 x: a float32 seed, not float64
    return np.broadcast_to(_expand(g, x, axis, keepdims), _shape(x))


def mean_adjoint(g, x, axis, keepdims):
    """Adjoint of ``mean(x, axis, keepdims)``."""
    n = _count(x, axis)
    return reduce_adjoint(g, x, axis, keepdims) * (1.0 / n)


def _count(x, axis):
    """How many entries of ``x`` a reduction over ``axis`` takes: from the shape, or a lazy
    count where Dask does not know the sizes (after boolean indexing)."""
    n = 1
    for a in _axes(axis, len(_shape(x))):
        n *= _shape(x)[a]
    if n != n:
        return np.sum(np.ones_like(x, dtype=np.result_type(x, 1.0)), axis=axis, keepdims=True)
    return n


def select_adjoint(g, y, x, axis, keepdims):
    """Adjoint of max/min: ``g`` split evenly among the positions that attain ``y``."""
    mask = x == _expand(y, x, axis, keepdims)
    # counted in x's float type: an integer count would make float32 adjoints float64
    count = np.sum(mask, axis=axis, keepdims=True, dtype=np.result_type(x, 1.0))
    # a NaN extreme (np.max of a slice holding NaN, np.nanmax of an all-NaN slice) is
    # attained nowhere and is NaN whatever the entries are: no derivative, not 0 / 0
    # (selected, not multiplied: a NaN cotangent of a NaN extreme stays out of the entries)
    return np.where(mask, _expand(g, x, axis, keepdims) / np.maximum(count, 1.0), 0.0)


def var_adjoint(g, x, axis, ddof, keepdims):
    """Adjoint of ``var(x, axis, ddof)``: ``var`` of complex ``x`` is the mean of
    ``|x - mean|**2``, whose adjoint (autograd's convention) is ``conj(x - mean)``, not
    ``x - mean``; linear in ``g`` and conjugate-linear in ``x``."""
    n = _count(x, axis)
    centred = x - np.mean(x, axis=axis, keepdims=True)
    # equal values (a broadcast scalar, one element) deviate by exactly 0 from their mean,
    # though the rounded mean may differ from them in the last bit
    spread = np.max(x, axis=axis, keepdims=True) - np.min(x, axis=axis, keepdims=True)
    centred = np.where(spread == 0, 0.0, centred)
    # no more entries than ddof: the variance is NaN or inf whatever they are (``n`` a lazy
    # count on Dask)
    if isinstance(n, (int, np.integer)):
        if n <= ddof:
            return np.zeros_like(x, dtype=np.result_type(x, 1.0))
        return _expand(g, x, axis, keepdims) * np.conj(centred) * (2.0 / (n - ddof))
    scale = 2.0 / np.where(n > ddof, n - ddof, 1)  # ddof may be fractional (ddof=0.5)
    return np.where(n > ddof, _expand(g, x, axis, keepdims) * np.conj(centred) * scale, 0.0)


def cumsum_adjoint(g, x, axis):
    if axis is None:
        return np.reshape(np.flip(np.cumsum(np.flip(np.ravel(g)))), np.shape(x))
    return np.flip(np.cumsum(np.flip(g, axis), axis), axis)


def _last(x, axis):
    """``x`` with the reduced axes (``None``: all) moved last and merged into one."""
    ndim = len(_shape(x))
    axes = _axes(axis, ndim)
    rest = [i for i in range(ndim) if i not in axes]
    moved = np.transpose(x, tuple(rest + list(axes)))
    shape = _shape(moved)
    return np.reshape(moved, shape[: len(rest)] + (-1,)), rest + list(axes), shape


def _back(v, order, shape):
    """Inverse of :func:`_last`."""
    return np.transpose(np.reshape(v, shape), _inverse_permutation(order))


def _cumprod_jvp(x, tx):
    """``cumprod(x)`` along the last axis and its tangent along ``tx``, without dividing."""
    c = np.ones(x.shape[:-1], dtype=np.result_type(x, tx, 1.0))
    dc = np.zeros_like(c)
    cs, dcs = [], []
    for i in range(x.shape[-1]):
        dc = dc * x[..., i] + c * tx[..., i]
        c = c * x[..., i]
        cs.append(c)
        dcs.append(dc)
    if not cs:
        return np.zeros(x.shape), np.zeros(x.shape)
    return np.stack(cs, -1), np.stack(dcs, -1)


def _exclusive(x, tx):
    """Products of all other entries along the last axis, and their tangent along ``tx``."""
    # the first entry along the axis (none of an empty axis: no product to leave out)
    one, zero = np.ones_like(x[..., :1]), np.zeros_like(x[..., :1])
    c, dc = _cumprod_jvp(x, tx)
    r, dr = _cumprod_jvp(x[..., ::-1], tx[..., ::-1])
    left = np.concatenate([one, c[..., :-1]], -1)
    dleft = np.concatenate([zero, dc[..., :-1]], -1)
    right = np.concatenate([one, r[..., :-1]], -1)[..., ::-1]
    dright = np.concatenate([zero, dr[..., :-1]], -1)[..., ::-1]
    return left * right, dleft * right + left * dright


def prod_adjoint(g, x, axis, keepdims):
    """Adjoint of ``prod(x, axis, keepdims)``: ``g`` times the product of the other entries
    (no division, so zeros in ``x`` are fine)."""
    flat, order, shape = _last(x, axis)
    one = np.ones_like(flat[..., :1])
    left = np.concatenate([one, np.cumprod(flat[..., :-1], axis=-1)], -1)
    right = np.concatenate([np.cumprod(flat[..., :0:-1], axis=-1)[..., ::-1], one], -1)
    return _expand(g, x, axis, keepdims) * _back(left * right, order, shape)


def prod_adjoint_dx(g, x, tx, axis, keepdims):
    """Derivative of ``prod_adjoint(g, x, axis, keepdims)`` in ``x`` along ``tx``."""
    flat, order, shape = _last(x, axis)
    _, dothers = _exclusive(flat, _last(tx, axis)[0])
    return _expand(g, x, axis, keepdims) * _back(dothers, order, shape)


def _along(x, axis):
    """``x`` as an array with the cumulated axis last (``None``: flattened)."""
    if not _lazy(x):
        x = np.asarray(x)
    if axis is None:
        return np.ravel(x)
    return np.moveaxis(x, axis, -1)


def _from_along(v, x, axis):
    if axis is None:
        return np.reshape(v, np.shape(x))
    return np.moveaxis(v, -1, axis)


def cumprod_tangent(tx, x, axis):
    """Tangent of ``cumprod(x, axis)`` along ``tx`` (no division by ``x``)."""
    _, dc = _cumprod_jvp(_along(x, axis), _along(tx + np.zeros(np.shape(x)), axis))
    return dc if axis is None else np.moveaxis(dc, -1, axis)


def cumprod_tangent_dx(tx, x, ux, axis):
    """Derivative of ``cumprod_tangent(tx, x, axis)`` in ``x`` along ``ux``: the mixed
    second derivative of ``cumprod`` (each output is linear in each entry), no division."""
    a = _along(x, axis)
    ta = _along(tx + np.zeros(np.shape(x)), axis)
    ua = _along(ux + np.zeros(np.shape(x)), axis)
    dtype = np.result_type(a, ta, ua, 1.0)
    c = np.ones(a.shape[:-1], dtype=dtype)
    dt, du, dtu = np.zeros_like(c), np.zeros_like(c), np.zeros_like(c)
    out = []
    for i in range(a.shape[-1]):
        dtu = dtu * a[..., i] + dt * ua[..., i] + du * ta[..., i]
        dt, du = dt * a[..., i] + c * ta[..., i], du * a[..., i] + c * ua[..., i]
        c = c * a[..., i]
        out.append(dtu)
    if not out:
        return np.zeros(a.shape, dtype=dtype)
    out = np.stack(out, -1)
    return out if axis is None else np.moveaxis(out, -1, axis)  # as cumprod_tangent


def _cumprod_vjp(g, x, tx):
    """Adjoint of cumprod along the last axis and its derivative in ``x`` along ``tx``."""
    n = x.shape[-1]
    dtype = np.result_type(g, x, tx, 1.0)
    if n == 0:
        return np.zeros(x.shape, dtype), np.zeros(x.shape, dtype)
    out, dout = [None] * n, [None] * n  # stacked at the end (lazy arrays stay lazy)
    c, dc = _cumprod_jvp(x, tx)
    one, zero = np.ones(x.shape[:-1] + (1,), dtype), np.zeros(x.shape[:-1] + (1,), dtype)
    left = np.concatenate([one, c[..., :-1]], -1)
    dleft = np.concatenate([zero, dc[..., :-1]], -1)
    s, ds = 0.0, 0.0
    for k in range(n - 1, -1, -1):
        if k < n - 1:  # s_k = g_k + x_{k+1} s_{k+1}
            s, ds = g[..., k] + x[..., k + 1] * s, tx[..., k + 1] * s + x[..., k + 1] * ds
        else:
            s, ds = g[..., k], 0.0
        out[k] = left[..., k] * s
        dout[k] = dleft[..., k] * s + left[..., k] * ds
    return np.stack(out, -1), np.stack(dout, -1)


def cumprod_adjoint(g, x, axis):
    """Adjoint of ``cumprod(x, axis)`` (no division, so zeros in ``x`` are fine)."""
    a = _along(x, axis)
    out, _ = _cumprod_vjp(np.reshape(_along(g, axis), a.shape), a, np.zeros_like(a))
    return _from_along(out, x, axis)


def cumprod_adjoint_dx(g, x, tx, axis):
    """Derivative of ``cumprod_adjoint(g, x, axis)`` in ``x`` along ``tx``."""
    a = _along(x, axis)
    _, dout = _cumprod_vjp(
        np.reshape(_along(g, axis), a.shape), a, _along(tx + np.zeros(np.shape(x)), axis)
    )
    return _from_along(dout, x, axis)


def builtin_sum_adjoint(g, items):
    """Adjoint of the builtin ``sum(items, start)`` over a list or the first axis of an
    array; of lists or tuples (their concatenation after ``start``, the first items of
    ``g``), each one's slice of ``g``."""
    if isinstance(items, (list, tuple)):
        if isinstance(g, (list, tuple)):
            ends = np.cumsum([len(g) - sum(len(x) for x in items)] + [len(x) for x in items])
            return [g[a:b] for a, b in zip(ends[:-1], ends[1:])]
        return [unbroadcast(g, x) for x in items]
    return np.broadcast_to(g, np.shape(items))


def builtin_sum_start_adjoint(g, start):
    """Adjoint of ``start`` in the builtin ``sum(items, start)``: of lists or tuples, the
    first ``len(start)`` items of ``g``."""
    if isinstance(g, (list, tuple)):
        return g[: len(start)]
    return unbroadcast(g, start)


def chosen(g, taken):
    """Adjoint ``g`` of ``max(a, b)`` or ``min(a, b)`` where ``taken`` says that the
    argument was the one returned, else zero: ``g * taken`` of numbers; of tuples or lists
    (compared item by item, returned whole) all of ``g`` or zeros, not ``g`` repeated."""
    if isinstance(g, dict):
        return g if taken else dict.fromkeys(g, 0.0)
    if isinstance(g, (list, tuple)):
        return g if taken else [0.0] * len(g)
    return g * taken


def chosen_tangent(ta, tb, first):
    """Tangent of ``max(a, b)`` or ``min(a, b)``: ``ta`` where ``first`` (``a`` was
    returned), else ``tb``, of numbers, arrays of one item, tuples or lists."""
    if isinstance(ta, (list, tuple, dict)) or isinstance(tb, (list, tuple, dict)):
        return ta if first else tb
    return ta * first + tb * np.logical_not(first)


def lse_weights(a, b, y, axis, keepdims, return_sign):
    """``b * exp(a - y)`` for ``y = logsumexp(a, axis, b, keepdims)`` (``b`` None: 1):
    the derivative of ``y`` in ``a``."""
    if return_sign:
        not_implemented(
            "s2sgrad: the derivative of scipy.special.logsumexp with "
            "return_sign=True is not implemented; take the sign apart: "
            "logsumexp of the positive and of the negative terms"
        )
    w = np.exp(a - _expand(y, a, axis, keepdims))
    return w if b is None else w * b


def valid(a):
    """Where ``a`` is not NaN (the entries that nan-reductions use)."""
    return np.logical_not(np.isnan(a))


def nanvar_adjoint(g, x, mask, axis, ddof, keepdims):
    """Adjoint of ``np.nanvar`` (``mask``: the non-NaN entries), linear in ``g`` and
    conjugate-linear in ``x`` (see ``var_adjoint``)."""
    xv = np.where(mask, x, 0.0)
    count = np.sum(mask, axis=axis, keepdims=True)
    mean = np.sum(xv, axis=axis, keepdims=True) / np.maximum(count, 1)
    # no more entries than ddof: the variance is NaN or inf whatever they are (selected,
    # not multiplied: the NaN cotangent of a NaN variance stays out)
    scale = 2.0 / np.where(count > ddof, count - ddof, 1)  # ddof may be fractional
    return np.where(
        mask & (count > ddof), np.conj(xv - mean) * scale * _expand(g, x, axis, keepdims), 0.0
    )


def average_weights(a, weights, axis):
    """The weights of ``np.average(a, axis, weights)`` broadcastable against ``a``."""
    if weights is None:
        return np.ones_like(a, dtype=np.result_type(a, 1.0))
    if np.shape(weights) == np.shape(a):
        return weights
    if np.ndim(weights) == 1 and isinstance(axis, (int, np.integer)):
        shape = [1] * np.ndim(a)
        shape[axis] = -1
        return np.reshape(weights, shape)
    raise ValueError("np.average: weights must have the shape of a, or be 1-d along an int axis")


def weights_tangent(a, tw, axis):
    """The tangent of :func:`average_weights` along ``tw``, the tangent of the weights:
    zero where the weights are None (every entry weighs 1)."""
    if tw is None or _is_zero(tw):
        return 0.0
    return average_weights(a, tw, axis)


def average_part(v, returned, i):
    """Part ``i`` of ``v``, the output of ``np.average`` (or its adjoint or tangent):
    ``(average, sum of weights)`` with ``returned``, else the average alone (part 1: zero)."""
    if returned:
        return part(v, i)
    return v if i == 0 else 0.0


def weights_total_adjoint(g, a, axis, keepdims):
    """Adjoint of the weights (broadcast against ``a``) from ``g``, that of the sum of weights
    ``np.average(..., returned=True)`` returns."""
    if _is_zero(g):
        return 0.0
    return reduce_adjoint(g, a, axis, keepdims)


def average_output(ta, ts, y, returned):
    """The tangent of ``y = np.average(...)``: ``ta`` of the average, with ``returned`` and
    ``ts``, that of the sum of weights (kept dimensions), made the shape of ``y[1]``."""
    if not returned:
        return ta
    avg, total = y
    ta = np.zeros_like(avg) if _is_zero(ta) else ta
    ts = np.zeros_like(total) if _is_zero(ts) else ts
    return (ta, np.reshape(ts, np.shape(total)))


def average_weights_adjoint(g, weights, axis):
    """Adjoint of :func:`average_weights` in ``weights``."""
    if np.shape(g) == np.shape(weights):
        return g
    return np.reshape(
        np.sum(g, axis=tuple(i for i in range(np.ndim(g)) if i != axis % np.ndim(g))),
        np.shape(weights),
    )
