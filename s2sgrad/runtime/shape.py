"""Adjoints of shape operations: concatenation and splitting, tiling, repeating,
diagonals, sorting, indexing, padding, differences.
"""

from __future__ import annotations

import numpy as np

from .adjoints import add_at, part, zeros_like
from .broadcast import unbroadcast
from .places import _lacking, not_implemented
from .products import _inverse_permutation
from .values import _is_complex, _is_zero, _lazy, _shape, _size, real_if_real


def linspace_adjoint(g, start, stop, num, endpoint, retstep, axis, which):
    """Adjoint of ``np.linspace(start, stop, num, endpoint, retstep, axis=axis)`` in
    ``start`` (``which`` 0) or ``stop`` (1)."""
    div = num - 1 if endpoint else num
    gstep = 0.0
    if retstep:
        if div <= 0:
            raise ValueError(
                "s2sgrad: np.linspace(..., retstep=True) with one point has an "
                "undefined step; its derivative is not defined"
            )
        g, gstep = g
    steps = np.arange(num) / div if div > 0 else np.zeros(num)
    weights = steps if which else 1.0 - steps
    if _is_zero(g):
        part = 0.0
    else:
        g = np.asarray(g)
        shape = [1] * g.ndim
        shape[axis] = num
        part = np.sum(g * np.reshape(weights, shape), axis=axis)
    if not _is_zero(gstep):
        part = part + (gstep if which else -gstep) / div
    return unbroadcast(part, start if which == 0 else stop)


def transpose_adjoint(g, axes):
    if axes is None:
        return np.transpose(g)
    return np.transpose(g, _inverse_permutation([a % np.ndim(g) for a in axes]))


def _split_points(sizes):
    points, total = [], 0
    for s in sizes[:-1]:
        total += s
        points.append(total)
    return points


def _split(g, sizes, axis):
    """``g`` cut along ``axis`` into pieces of ``sizes`` (slices: Dask has no np.split)."""
    before = (slice(None),) * (axis % np.ndim(g))
    points = [0] + _split_points(sizes) + [None]
    return [g[before + (slice(start, stop),)] for start, stop in zip(points, points[1:])]


def _parts_like(g, parts, arrays):
    """Adjoint ``parts`` of ``arrays`` split from ``g``: real for the real arrays."""
    if _is_complex(g):
        return [real_if_real(p, a) for p, a in zip(parts, arrays)]
    return parts


def concatenate_adjoint(g, arrays, axis):
    if axis is None:
        sizes = [_size(a) for a in arrays]
        return _parts_like(
            g,
            [np.reshape(p, np.shape(a)) for p, a in zip(_split(np.ravel(g), sizes, 0), arrays)],
            arrays,
        )
    sizes = [np.shape(a)[axis] for a in arrays]
    return _parts_like(g, _split(g, sizes, axis), arrays)


def stack_adjoint(g, arrays, axis):
    return _parts_like(g, [np.take(g, i, axis=axis) for i in range(len(arrays))], arrays)


def hstack_adjoint(g, arrays):
    if all(np.ndim(a) <= 1 for a in arrays):
        sizes = [_size(a) for a in arrays]
        return _parts_like(
            g, [np.reshape(p, np.shape(a)) for p, a in zip(_split(g, sizes, 0), arrays)], arrays
        )
    return _parts_like(g, _split(g, [np.shape(a)[1] for a in arrays], 1), arrays)


def vstack_adjoint(g, arrays):
    sizes = [np.shape(np.atleast_2d(a))[0] for a in arrays]
    return _parts_like(
        g, [np.reshape(p, np.shape(a)) for p, a in zip(_split(g, sizes, 0), arrays)], arrays
    )


def array_operand(v):
    """The array NumPy makes of the list or tuple ``v`` a rule reads as one operand
    (``np.max([a, b])``, ``np.maximum([a, b], c)``); any other value as it is."""
    if isinstance(v, (list, tuple)):
        return np.asarray(v)
    return v


def unstack(g, like):
    """Adjoint ``g`` converted to the structure of ``like`` (array <-> list of items).

    ``list(d)`` of a dict ``d`` is its keys, which carry no derivative.
    """
    if isinstance(like, dict):
        return 0.0
    if isinstance(like, (list, tuple)):
        if isinstance(g, (list, tuple)):
            return list(g)
        if _is_zero(g):
            return [0.0] * len(like)
        return _parts_like(g, [g[i] for i in range(len(like))], like)
    if isinstance(g, (list, tuple)):
        return (
            np.stack(
                [np.zeros_like(like[i]) + gi if _is_zero(gi) else gi for i, gi in enumerate(g)]
            )
            if len(g)
            else np.zeros_like(like)
        )
    return g


def tile_adjoint(g, x, reps):
    reps = (reps,) if isinstance(reps, int) else tuple(reps)
    shape = np.shape(x)
    ndim = max(len(shape), len(reps))
    shape = (1,) * (ndim - len(shape)) + tuple(shape)
    reps = (1,) * (ndim - len(reps)) + reps
    split = []
    for r, n in zip(reps, shape):
        split += [r, n]
    g = np.reshape(g, split)
    g = np.sum(g, axis=tuple(range(0, 2 * ndim, 2)))
    return np.reshape(g, np.shape(x))


def repeat_adjoint(g, x, repeats, axis):
    if _lazy(g) and np.ndim(repeats):
        _lacking(
            "the derivative of np.repeat with an array of repeats",
            "np.add.at (scatter-add)",
            g,
            "repeat by one count",
        )
    if axis is None:
        flat = np.ravel(x)
        if np.ndim(repeats) == 0:
            out = np.sum(np.reshape(g, (flat.size, repeats)), axis=1)
        else:
            out = np.zeros(flat.size, dtype=np.result_type(g, float))
            np.add.at(out, np.repeat(np.arange(flat.size), repeats), g)
        return np.reshape(out, np.shape(x))
    axis = axis % np.ndim(x)
    n = np.shape(x)[axis]
    if np.ndim(repeats) == 0:
        shape = list(np.shape(g))
        shape[axis : axis + 1] = [n, repeats]
        return np.sum(np.reshape(g, shape), axis=axis + 1)
    gm = np.moveaxis(g, axis, 0)
    out = np.zeros((n,) + np.shape(gm)[1:], dtype=np.result_type(g, float))
    np.add.at(out, np.repeat(np.arange(n), repeats), gm)
    return np.moveaxis(out, 0, axis)


def diag_adjoint(g, v, k):
    if np.ndim(v) == 1:
        return np.diagonal(g, k).copy()
    if _lazy(g):
        rows, cols = _shape(v)
        mask = _diagonal_mask(rows, cols, k, g)
        if k >= 0:
            return mask * np.pad(g, (k, cols - k - _shape(g)[0]))
        return mask * np.pad(g, (-k, rows + k - _shape(g)[0]))[:, None]
    out = np.zeros(np.shape(v), dtype=np.result_type(g, float))
    n = np.shape(g)[0]
    rows = np.arange(n) + max(-k, 0)
    cols = np.arange(n) + max(k, 0)
    out[rows, cols] = g
    return out


def _diagonal_mask(rows, cols, k, like):
    """``rows x cols`` booleans, true on diagonal ``k``, of ``like``'s array library."""
    return np.arange(rows, like=like)[:, None] + k == np.arange(cols, like=like)


def trace_adjoint(g, x, offset, axis1, axis2):
    """Adjoint of ``trace``/``diagonal``: ``g`` placed on the chosen diagonal."""
    shape = np.shape(x)
    if _lazy(g):
        if len(shape) != 2 or (axis1 % 2, axis2 % 2) != (0, 1):
            _lacking(
                "the derivative of trace/diagonal over axes other than the two of a 2-D array",
                "a writable np.diagonal view",
                g,
                "use a 2-D array",
            )
        return (
            diag_adjoint(g, x, offset)
            if np.ndim(g)
            else g * _diagonal_mask(shape[0], shape[1], offset, g)
        )
    out = np.zeros(shape, dtype=np.result_type(g, float))
    diag = np.diagonal(out, offset, axis1, axis2)
    diag.setflags(write=True)
    diag[...] = np.expand_dims(g, -1) if np.ndim(g) < diag.ndim else g
    return out


def _sort_order(x, axis, descending):
    """Indices that sort ``x`` along ``axis`` (flattened for None) as ``np.sort`` does."""
    order = np.argsort(
        np.ravel(x) if axis is None else x, axis=-1 if axis is None else axis, kind="stable"
    )
    return np.flip(order, -1 if axis is None else axis) if descending else order


def sort_adjoint(g, x, axis, descending=False):
    """Adjoint of ``np.sort(x, axis, descending=descending)``: ``g`` put back where each
    sorted item came from."""
    if _lazy(g):
        _lacking(
            "the derivative of np.sort",
            "np.argsort and np.put_along_axis",
            g,
            "sort a NumPy array, or compute the array first",
        )
    order = _sort_order(x, axis, descending)
    if axis is None:
        out = np.zeros(np.size(x), dtype=np.result_type(g, float))
        out[order] = np.ravel(g)
        return np.reshape(out, np.shape(x))
    out = np.zeros(np.shape(x), dtype=np.result_type(g, float))
    np.put_along_axis(out, order, g, axis=axis)
    return out


def sort_tangent(tx, x, axis, descending=False):
    """Tangent of ``np.sort(x, axis, descending=descending)``: ``tx`` permuted like ``x``."""
    order = _sort_order(x, axis, descending)
    if axis is None:
        return np.ravel(tx)[order]
    return np.take_along_axis(tx, order, axis=axis)


def take_adjoint(g, x, indices, axis, mode="raise"):
    """Adjoint of ``np.take(x, indices, axis, mode=mode)`` in ``x``: ``g`` added at the
    items taken (mode 'wrap' and 'clip' map an index to the one NumPy reads)."""
    if mode in ("wrap", "clip"):
        n = _size(x) if axis is None else _shape(x)[axis]
        indices = indices if _lazy(indices) else np.asarray(indices)
        indices = indices % n if mode == "wrap" else np.clip(indices, 0, n - 1)
    if _lazy(g):
        idx = np.ravel(indices) if _lazy(indices) else np.ravel(np.asarray(indices))
        if axis is None:
            if _lazy(x) and len(_shape(x)) > 1:
                _lacking(
                    "the derivative of np.take without an axis of a Dask array (Dask "
                    "takes along axis 0 there, NumPy from the flattened array)",
                    "NumPy's semantics",
                    g,
                    "pass axis= to np.take",
                )
            out = np.zeros_like(g, shape=(_size(x),))
            add_at(out, idx, np.ravel(g))
            return np.reshape(out, _shape(x))
        shape = tuple(_shape(x))
        axis = axis % len(shape)
        out = np.zeros_like(g, shape=shape)
        add_at(
            out,
            (slice(None),) * axis + (idx,),
            np.reshape(g, shape[:axis] + (len(idx),) + shape[axis + 1 :]),
        )
        return out
    out = np.zeros(np.shape(x), dtype=np.result_type(g, float))
    if axis is None:
        flat = out.reshape(-1)
        np.add.at(flat, np.asarray(indices).ravel(), np.ravel(g))
        return out
    axis = axis % np.ndim(x)
    moved = np.moveaxis(out, axis, 0)
    gm = np.moveaxis(
        np.reshape(g, np.shape(x)[:axis] + np.shape(indices) + np.shape(x)[axis + 1 :]),
        list(range(axis, axis + np.ndim(indices))),
        list(range(np.ndim(indices))),
    )
    np.add.at(moved, indices, gm)
    return out


def diff_adjoint(g, a, n, axis, prepend, append, which):
    """Adjoint of ``np.diff(a, n, axis, prepend, append)`` in ``a`` (``which`` 0),
    ``prepend`` (1) or ``append`` (2); ``None``: the argument was not given."""
    axis = axis % max(np.ndim(a), 1)
    for _ in range(n):  # the transpose of one difference: g[i-1] - g[i]
        pad_lo = [(0, 0)] * np.ndim(g)
        pad_hi = [(0, 0)] * np.ndim(g)
        pad_lo[axis], pad_hi[axis] = (1, 0), (0, 1)
        g = np.pad(g, pad_lo) - np.pad(g, pad_hi)
    lo = 0 if prepend is None else (np.shape(prepend)[axis] if np.ndim(prepend) else 1)
    size = np.shape(a)[axis]
    hi = np.shape(g)[axis] - lo - size
    part = _split(g, [lo, size, hi], axis)[(1, 0, 2)[which]]  # prepend, a, append
    target = (a, prepend, append)[which]
    if np.ndim(target) == 0:
        return np.sum(part)
    return unbroadcast(part, target) if np.shape(part) != np.shape(target) else part


def append_adjoint(g, arr, values, axis, which):
    """Adjoint of ``np.append(arr, values, axis)`` in ``arr`` (0) or ``values`` (1)."""
    if axis is None:
        flat = np.ravel(g)
        n = _size(arr)
        part, like = (flat[:n], arr) if which == 0 else (flat[n:], values)
        return np.reshape(part, np.shape(like))
    n = np.shape(arr)[axis]
    part = _split(g, [n, np.shape(g)[axis] - n], axis)[which]
    return part if which == 0 else np.reshape(part, np.shape(values))


def column_stack_adjoint(g, tup):
    """Adjoint of ``np.column_stack(tup)``: 1-d arrays were columns."""
    widths = [1 if np.ndim(a) < 2 else np.shape(a)[1] for a in tup]
    return [np.reshape(p, np.shape(a)) for p, a in zip(_split(g, widths, 1), tup)]


def dstack_adjoint(g, tup):
    """Adjoint of ``np.dstack(tup)``."""
    depths = [np.shape(np.atleast_3d(a))[2] for a in tup]
    return [np.reshape(p, np.shape(a)) for p, a in zip(_split(g, depths, 2), tup)]


def split_adjoint(g, ary, indices_or_sections, axis):
    """Adjoint of ``np.split``/``array_split`` (and hsplit, vsplit, dsplit through
    ``axis``): the pieces' adjoints joined, zero for unused pieces."""
    pieces = np.array_split(
        np.zeros_like(ary, dtype=np.result_type(ary, 1.0)), indices_or_sections, axis=axis
    )
    parts = [p if _is_zero(gi) else np.zeros_like(p) + gi for p, gi in zip(pieces, g)]
    return np.concatenate(parts, axis=axis)


def hsplit_axis(ary):
    """The axis ``np.hsplit`` splits along."""
    return 1 if np.ndim(ary) > 1 else 0


def take_along_axis_adjoint(g, arr, indices, axis):
    """Adjoint of ``np.take_along_axis(arr, indices, axis)`` (repeated indices add up)."""
    out = np.zeros(np.shape(arr), dtype=np.result_type(g, 1.0))
    if axis is None:
        np.add.at(out.reshape(-1), np.ravel(indices), np.ravel(g))
        return out
    axis = axis % np.ndim(arr)
    shape = np.broadcast_shapes(
        np.shape(indices),
        tuple(n if i == axis else np.shape(arr)[i] for i, n in enumerate(np.shape(indices))),
    )
    index = [
        np.broadcast_to(
            np.reshape(np.arange(n), [-1 if i == j else 1 for j in range(len(shape))]), shape
        )
        if i != axis
        else np.broadcast_to(indices, shape)
        for i, n in enumerate(shape)
    ]
    np.add.at(out, tuple(index), np.broadcast_to(g, shape))
    return out


def select_adjoint_choices(g, condlist, choicelist):
    """Adjoints of ``np.select(condlist, choicelist, default)``'s choices: each gets ``g``
    where its condition is the first that holds."""
    taken = np.zeros(np.shape(g), dtype=bool)
    out = []
    for cond, choice in zip(condlist, choicelist):
        first = np.logical_and(cond, np.logical_not(taken))
        taken = np.logical_or(taken, cond)
        out.append(unbroadcast(np.where(first, g, 0.0), choice))
    return out


def select_adjoint_default(g, condlist, default):
    """Adjoint of ``np.select``'s ``default``: ``g`` where no condition holds."""
    none = (
        np.logical_not(np.any(np.broadcast_arrays(*condlist), axis=0))
        if len(condlist)
        else np.ones(np.shape(g), dtype=bool)
    )
    return unbroadcast(np.where(none, g, 0.0), default)


def partition_adjoint(g, x, kth, axis):
    """Adjoint of ``np.partition(x, kth, axis)``: ``g`` put back where the entries came from."""
    if axis is None:
        order = np.argpartition(np.ravel(x), kth)
        out = np.zeros(np.size(x), dtype=np.result_type(g, float))
        out[order] = np.ravel(g)
        return np.reshape(out, np.shape(x))
    order = np.argpartition(x, kth, axis=axis)
    out = np.zeros(np.shape(x), dtype=np.result_type(g, float))
    np.put_along_axis(out, order, g, axis=axis)
    return out


def partition_tangent(tx, x, kth, axis):
    """Tangent of ``np.partition(x, kth, axis)``: ``tx`` permuted like ``x``."""
    if axis is None:
        return np.ravel(tx)[np.argpartition(np.ravel(x), kth)]
    return np.take_along_axis(tx, np.argpartition(x, kth, axis=axis), axis=axis)


def _gradient_matrix(n, spacing, edge_order):
    """The matrix of ``np.gradient`` along one axis of length ``n``."""
    eye = np.eye(n)
    if spacing is None:
        return np.gradient(eye, axis=0, edge_order=edge_order)
    return np.gradient(eye, spacing, axis=0, edge_order=edge_order)


def _gradient_axes(f, axis):
    """The axes ``np.gradient(f, axis=axis)`` differentiates along, in its output order."""
    nd = np.ndim(f)
    if axis is None:
        return list(range(nd))
    axes = [axis] if isinstance(axis, int) else list(axis)
    return [a % nd for a in axes]


def gradient_adjoint(g, f, varargs, axis=None, edge_order=1):
    """Adjoint of ``np.gradient(f, *varargs, axis=axis, edge_order=edge_order)``: each
    axis's stencil transposed (an array for one axis, a sequence of arrays for several)."""
    axes = _gradient_axes(f, axis)
    if len(varargs) not in (0, 1, len(axes)):
        raise ValueError("np.gradient: give one spacing, or one per axis")
    grads = [g] if len(axes) == 1 else list(g)
    out = np.zeros(np.shape(f), dtype=np.result_type(f, 1.0))
    for k, (ax, ga) in enumerate(zip(axes, grads)):
        if _is_zero(ga):
            continue
        spacing = varargs[0] if len(varargs) == 1 else (varargs[k] if varargs else None)
        m = _gradient_matrix(np.shape(f)[ax], spacing, edge_order)
        out = out + np.moveaxis(np.tensordot(m, np.moveaxis(ga, ax, 0), axes=(0, 0)), 0, ax)
    return out


def _rollaxis_order(ndim, axis, start):
    """The permutation ``np.rollaxis(a, axis, start)`` applies (numpy's own rules)."""
    axis = axis % ndim
    start = start + ndim if start < 0 else start
    if not 0 <= start <= ndim:
        raise ValueError(f"np.rollaxis: start {start} out of range for {ndim} axes")
    order = list(range(ndim))
    if axis < start:
        start -= 1
    order.remove(axis)
    order.insert(start, axis)
    return order


def rollaxis_adjoint(g, a, axis, start):
    """Adjoint of ``np.rollaxis(a, axis, start)``: the inverse permutation of ``g``."""
    return np.transpose(g, _inverse_permutation(_rollaxis_order(np.ndim(a), axis, start)))


def diff_tangent(ta, n, axis, prepend, append, tp, tq):
    """Tangent of ``np.diff(a, n, axis, prepend, append)`` (``None``: not given)."""
    extra = {}
    if prepend is not None:
        extra["prepend"] = tp
    if append is not None:
        extra["append"] = tq
    return np.diff(ta, n, axis, **extra)


_PAD_COPIES = ("constant", "edge", "reflect", "symmetric", "wrap")


def pad_adjoint(g, array, pad_width, mode, constant_values, which):
    """Adjoint of ``np.pad(array, pad_width, mode, constant_values=...)`` in ``array``
    (``which`` 0) or a scalar ``constant_values`` (1), for the modes that copy entries."""
    if mode not in _PAD_COPIES:
        not_implemented(
            f"s2sgrad: the derivative of np.pad(mode={mode!r}) is not "
            f"implemented; use one of the modes {', '.join(_PAD_COPIES)}"
        )
    size = _size(array)
    index = np.reshape(np.arange(size), np.shape(array))
    if mode == "constant":
        index = np.pad(index, pad_width, mode="constant", constant_values=-1)
    else:
        index = np.pad(index, pad_width, mode=mode)
    g = real_if_real(g, array if which == 0 else constant_values)
    flat, gflat = np.ravel(index), np.ravel(np.broadcast_to(g, np.shape(index)))
    if which == 1:
        if np.ndim(constant_values):
            not_implemented(
                "s2sgrad: the derivative of np.pad in per-axis "
                "constant_values is not implemented; pass one number"
            )
        return np.sum(gflat[flat < 0])
    inside = flat >= 0
    if _lazy(gflat):
        out = np.zeros_like(gflat, shape=(size,))
        add_at(out, np.asarray(flat[inside], like=gflat), gflat[inside])
    else:
        positions, weights = flat[inside], gflat[inside]
        out = np.bincount(positions, weights=np.real(weights), minlength=size)
        if _is_complex(weights):  # np.bincount sums real weights only
            out = out + 1j * np.bincount(positions, weights=np.imag(weights), minlength=size)
    return np.reshape(out, np.shape(array))


def pad_tangent(ta, pad_width, mode, tc):
    """Tangent of ``np.pad(array, pad_width, mode, constant_values=c)`` (``tc``: c's)."""
    if mode not in _PAD_COPIES:
        pad_adjoint(ta, ta, pad_width, mode, 0.0, 0)  # raises: the mode has no rule
    if mode == "constant":
        return np.pad(ta, pad_width, mode="constant", constant_values=tc)
    return np.pad(ta, pad_width, mode=mode)


def reshaped_as(v, y):
    """``v`` reshaped to the shape of ``y``."""
    return np.reshape(v, np.shape(y))


def item_or_zeros(g, i, like):
    """Item ``i`` of a container cotangent ``g`` as an array shaped like ``like``."""
    item = part(g, i)
    return np.zeros_like(like) if _is_zero(item) else item


# -- grids and broadcasting of several arrays (keyword-only options after *args) --------------


def _grid_axis(i, n, indexing):
    """The axis of ``np.meshgrid``'s outputs along which its input ``i`` of ``n`` varies."""
    if indexing == "xy" and n > 1 and i < 2:
        return 1 - i
    return i


def meshgrid_adjoint(g, xi, sparse, indexing):
    """Adjoints of the inputs of ``np.meshgrid(*xi)``: each output summed over the axes its
    input does not vary along (a sparse output is 1 along them already)."""
    n = len(xi)
    out = []
    for i, x in enumerate(xi):
        gi = part(g, i)
        if _is_zero(gi):
            out.append(0.0)
            continue
        axis = _grid_axis(i, n, indexing)
        others = tuple(k for k in range(np.ndim(gi)) if k != axis)
        out.append(real_if_real(np.reshape(np.sum(gi, axis=others), np.shape(x)), x))
    return out


def meshgrid_tangent(txi, xi, sparse, indexing):
    """Tangent of ``np.meshgrid(*xi)``: the grids of the tangents (zeros for inputs
    without one)."""
    tangents = [zeros_like(x) if _is_zero(tx) else tx for tx, x in zip(txi, xi)]
    return np.meshgrid(*tangents, sparse=sparse, indexing=indexing)


def broadcast_arrays_adjoint(g, arrays):
    """Adjoints of the inputs of ``np.broadcast_arrays(*arrays)``."""
    return [
        0.0 if _is_zero(part(g, i)) else unbroadcast(part(g, i), a) for i, a in enumerate(arrays)
    ]


def broadcast_arrays_tangent(targs, arrays):
    """Tangent of ``np.broadcast_arrays(*arrays)``: each tangent broadcast like its array."""
    shape = np.broadcast_shapes(*(np.shape(a) for a in arrays))
    return [np.zeros(shape, dtype=np.result_type(a, 1.0)) + ta for ta, a in zip(targs, arrays)]


def index_range(start, stop, step):
    """The range ``start:stop:step`` stands for in ``np.r_[...]``/``np.c_[...]``: NumPy's
    ``np.arange``, or ``np.linspace`` with ``abs(step)`` points for an imaginary step."""
    start = 0 if start is None else start
    step = 1 if step is None else step
    if isinstance(step, (complex, np.complexfloating)):
        return np.linspace(start, stop, int(abs(step)))
    return np.arange(start, stop, step)
