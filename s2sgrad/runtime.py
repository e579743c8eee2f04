"""The few helpers generated code calls: broadcasting, reductions, containers.

Every helper takes and returns arrays of the caller's type and never forces
them to NumPy, so generated code also runs on other array types that follow
NumPy's API. On lazy arrays (Dask) no helper computes anything: sizes come from
shapes, never from ``np.size`` or ``np.split`` (which Dask evaluates), and seeds
and zeros are made from the value they stand for (``np.ones_like``), so float32
stays float32. Emitted ahead-of-time modules carry copies of the helpers they use.
"""

from __future__ import annotations

import numpy as np

# -- adjoint arithmetic on values and containers ---------------------------------------------


def add(a, b):
    """Sum of two adjoints: arrays, scalars, or containers of them (0.0 is zero)."""
    if isinstance(a, (list, tuple)):
        if isinstance(b, (list, tuple)):
            return [add(x, y) for x, y in zip(a, b)]
        return list(a) if _is_zero(b) else [add(x, b) for x in a]
    if isinstance(a, dict):
        if isinstance(b, dict):
            return {k: add(a[k], b[k]) if k in b else a[k] for k in a} | {
                k: v for k, v in b.items() if k not in a}
        return dict(a)
    if isinstance(b, (list, tuple, dict)):
        return add(b, a)
    return a + b


def _is_zero(x) -> bool:
    return type(x) is float and x == 0.0


def zeros_like(x):
    """A zero adjoint shaped like ``x``: arrays get arrays, containers get containers."""
    if isinstance(x, (list, tuple)):
        return [zeros_like(v) for v in x]
    if isinstance(x, dict):
        return {k: zeros_like(v) for k, v in x.items()}
    if isinstance(x, (float, int)):
        return 0.0
    return np.zeros_like(x, dtype=np.result_type(x, 1.0))


def fresh_adjoint(g, x):
    """A private, writable copy of adjoint ``g`` of ``x`` (allocating zeros for 0.0)."""
    if isinstance(g, (list, tuple, dict)):
        return add(zeros_like(x), g)
    if _is_zero(g) and not isinstance(x, float):
        return zeros_like(x)
    if hasattr(g, "copy"):
        return g.copy()
    return g


def add_at(g, index, value):
    """``g[index] += value`` in place, accumulating repeated indices and containers."""
    if isinstance(g, (list, dict)):
        g[index] = add(g[index], value)
    elif _lazy(g):
        _lazy_add_at(g, index, value)
    elif _is_basic_index(index):
        g[index] += value
    else:
        np.add.at(g, index, value)


def _lazy(x) -> bool:
    """Is ``x`` a lazy array (a Dask collection), which only ``compute()`` evaluates?"""
    return hasattr(type(x), "__dask_graph__")


def _lazy_add_at(g, index, value):
    """:func:`add_at` on Dask arrays, which have no ``np.add.at``: item assignment only.

    Basic indices (``None`` dropped, as Dask's item assignment wants) are assigned once;
    one integer index array among slices is assigned in rounds, each round holding at
    most one occurrence of every position, so repeated positions accumulate.
    """
    parts = index if isinstance(index, tuple) else (index,)
    arrays = [i for i, p in enumerate(parts) if not (p is None or p is Ellipsis or isinstance(
        p, (int, slice, np.integer)))]
    if not arrays:
        key = tuple(p for p in parts if p is not None)
        if len(key) != len(parts):
            value = np.reshape(np.broadcast_to(value, _shape(g[index])), _shape(g[key]))
        g[key] = g[key] + value
        return
    k = arrays[0]
    idx = np.asarray(parts[k]) if isinstance(parts[k], list) else parts[k]
    if len(arrays) > 1 or not isinstance(idx, np.ndarray) or idx.ndim != 1 or \
            idx.dtype.kind not in "iu" or any(not isinstance(p, slice) for i, p in
                                               enumerate(parts) if i != k):
        what = "a boolean mask" if getattr(getattr(idx, "dtype", None), "kind", "") == "b" else (
            "this index" if isinstance(idx, np.ndarray) else f"an index of type "
            f"{type(idx).__name__}")
        _lacking(f"the derivative of indexing with {what}", "np.add.at (scatter-add)", g,
                 "index with one 1-D NumPy integer array (plus slices), or with slices")
    idx = idx % _shape(g)[k]
    order = np.argsort(idx, kind="stable")
    ranked = idx[order]
    first = np.flatnonzero(np.concatenate([[True], ranked[1:] != ranked[:-1]]))
    counts = np.diff(np.append(first, len(idx)))
    rank = np.empty(len(idx), dtype=np.intp)
    rank[order] = np.arange(len(idx)) - np.repeat(first, counts)
    value = np.broadcast_to(value, _shape(g[index]))
    for r in range(int(counts.max()) if len(idx) else 0):
        chosen = np.flatnonzero(rank == r)
        key = parts[:k] + (idx[chosen],) + parts[k + 1:]
        g[key] = g[key] + value[(slice(None),) * k + (chosen,)]


def _lacking(what, operation, g, hint):
    """Raise: ``what`` needs ``operation``, which ``g``'s array library does not have."""
    library = type(g).__module__.split(".")[0]
    raise NotImplementedError(f"s2sgrad: {what} needs {operation}, which {library} arrays "
                              f"do not provide{_user_line()}; {hint}")


def _user_line() -> str:
    """``" (at file:line: code)"`` for the user's line that the innermost generated
    function is differentiating, read from its line comments; "" when not found."""
    import linecache
    import sys

    frame = sys._getframe(1)
    while frame is not None and not frame.f_code.co_filename.startswith("<s2sgrad "):
        frame = frame.f_back
    if frame is None:
        return ""
    lines = linecache.getlines(frame.f_code.co_filename)[:frame.f_lineno]
    for line in reversed(lines):
        text = line.strip()
        if text.startswith("# line "):
            where, _, code = text[len("# line "):].partition(": ")
            filename = frame.f_globals.get("__file__", "<unknown>")
            return f" (at {filename}:{where}: {code})"
    return ""


def _is_basic_index(index) -> bool:
    if isinstance(index, tuple):
        return all(_is_basic_index(i) for i in index)
    return index is None or index is Ellipsis or isinstance(
        index, (int, slice, np.integer)) or (hasattr(index, "dtype") and index.dtype == bool)


def pop_adjoint(g):
    """Adjoint of the last item appended to a list whose adjoint is ``g``."""
    if isinstance(g, list):
        return g.pop() if g else 0.0
    return 0.0


def match_input(g, x):
    """Give gradient ``g`` the type and structure of the input ``x``."""
    if isinstance(x, float):
        if _lazy(g):
            return np.sum(g) if np.ndim(g) else g  # lazy stays lazy: a 0-d array, not float
        return float(np.sum(g)) if np.ndim(g) else float(g)
    if isinstance(x, (list, tuple, dict)):
        if isinstance(x, dict):
            g = g if isinstance(g, dict) else {}
            return {k: match_input(g.get(k, 0.0), v) for k, v in x.items()}
        if not isinstance(g, (list, tuple)):
            g = [0.0] * len(x)
        out = [match_input(gi, xi) for gi, xi in zip(g, x)]
        return tuple(out) if isinstance(x, tuple) else out
    if _shape(g) != _shape(x):
        g = np.zeros_like(x) + g  # another array library's x dispatches to its zeros_like
    if isinstance(x, np.ndarray):
        if _lazy(g):
            # a NumPy input in a computation on Dask arrays: its gradient stays lazy
            return g.astype(x.dtype) if g.dtype != x.dtype and x.dtype.kind == "f" else g
        if not isinstance(g, np.ndarray):
            g = np.asarray(g)  # a 0-d array input gets a 0-d array, not a NumPy scalar
        if g.dtype != x.dtype and x.dtype.kind == "f":
            g = g.astype(x.dtype)  # float32 in, float32 out
    elif type(g) is not type(x) and hasattr(x, "__array_function__") and \
            not isinstance(x, np.generic):
        g = np.zeros_like(x) + g  # e.g. a 0-d CuPy input gets a 0-d CuPy array
    if _lazy(g) and _lazy(x) and g.dtype != x.dtype and x.dtype.kind == "f":
        g = g.astype(x.dtype)  # float32 in, float32 out (lazily)
    return g


# -- broadcasting and reductions -------------------------------------------------------------


def _shape(x):
    shape = getattr(x, "shape", None)
    return np.shape(x) if shape is None else shape


def _size(x):
    """Number of elements, from the shape (``np.size`` makes Dask compute the array)."""
    n = 1
    for s in _shape(x):
        n *= s
    return n


class Shape(tuple):
    """Saved instead of a value when the adjoint sweep only needs that value's shape."""

    @property
    def shape(self):
        return tuple(self)

    @property
    def ndim(self):
        return len(self)


def shape_of(x):
    """What the forward sweep saves of ``x`` when only its shape is needed later."""
    return Shape(_shape(x))


def unbroadcast(g, x):
    """Sum ``g`` over the axes along which ``x`` was broadcast to ``g``'s shape."""
    if type(x) is float and type(g) is float:
        return g
    shape = _shape(x)
    gshape = _shape(g)
    if gshape == shape or not gshape:
        return g  # a scalar g is only ever the zero adjoint, which broadcasts
    if not shape:
        return np.sum(g)
    lead = len(gshape) - len(shape)
    if lead > 0:
        g = np.sum(g, axis=tuple(range(lead)))
    axes = tuple(i for i, n in enumerate(shape) if n == 1 and np.shape(g)[i] != 1)
    if axes:
        g = np.sum(g, axis=axes, keepdims=True)
    return g


def _axes(axis, ndim):
    if axis is None:
        return tuple(range(ndim))
    if isinstance(axis, (tuple, list)):
        return tuple(a % ndim for a in axis)
    return (axis % ndim,)


def _expand(g, x, axis, keepdims):
    """Reshape reduced ``g`` so it broadcasts against ``x``."""
    shape = list(_shape(x))
    ndim = len(shape)
    if keepdims or ndim == 0 or _is_zero(g):
        return g
    for a in _axes(axis, ndim):
        shape[a] = 1
    return np.reshape(g, shape)


def reduce_adjoint(g, x, axis, keepdims):
    """Adjoint of ``sum(x, axis, keepdims)``: ``g`` broadcast back to ``x``'s shape."""
    if axis is None and type(x) is np.ndarray and x.size <= 8192 and np.ndim(g) == 0:
        # cheaper than a broadcast view for small arrays; keeps float32 as float32
        return np.full(x.shape, g, dtype=np.result_type(x, g))
    if _lazy(x) and not _lazy(g):
        g = np.ones_like(x, shape=()) * g  # a Python or NumPy seed made lazy
    elif type(g) is float and hasattr(x, "dtype"):
        g = np.full((), g, dtype=np.result_type(x, g))  # float32 x: a float32 seed, not float64
    return np.broadcast_to(_expand(g, x, axis, keepdims), _shape(x))


def mean_adjoint(g, x, axis, keepdims):
    """Adjoint of ``mean(x, axis, keepdims)``."""
    n = 1
    for a in _axes(axis, len(_shape(x))):
        n *= _shape(x)[a]
    return reduce_adjoint(g, x, axis, keepdims) * (1.0 / n)


def select_adjoint(g, y, x, axis, keepdims):
    """Adjoint of max/min: ``g`` split evenly among the positions that attain ``y``."""
    mask = x == _expand(y, x, axis, keepdims)
    count = np.sum(mask, axis=axis, keepdims=True)
    return _expand(g, x, axis, keepdims) * mask / count


def var_adjoint(g, x, axis, ddof, keepdims):
    """Adjoint of ``var(x, axis, ddof)``."""
    n = 1
    for a in _axes(axis, len(_shape(x))):
        n *= _shape(x)[a]
    centred = x - np.mean(x, axis=axis, keepdims=True)
    return _expand(g, x, axis, keepdims) * centred * (2.0 / (n - ddof))


def cumsum_adjoint(g, x, axis):
    if axis is None:
        return np.reshape(np.flip(np.cumsum(np.flip(np.ravel(g)))), np.shape(x))
    return np.flip(np.cumsum(np.flip(g, axis), axis), axis)


def cumprod_adjoint(g, y, x, axis):
    """Adjoint of cumprod for inputs without zeros."""
    if axis is None:
        flat = np.ravel(x)
        return np.reshape(cumsum_adjoint(np.ravel(g) * np.ravel(y), flat, 0) / flat,
                          np.shape(x))
    return cumsum_adjoint(g * y, x, axis) / x


def clip_adjoint(g, x, lo, hi):
    inside = np.ones_like(x, dtype=bool)
    if lo is not None:
        inside = inside & (x >= lo)
    if hi is not None:
        inside = inside & (x <= hi)
    return g * inside


def safe_log(x):
    """log(x) where x > 0, else 0: the derivative of x**y in y where it exists."""
    return np.log(np.where(np.greater(x, 0), x, 1.0))


# -- products -------------------------------------------------------------------------------


def matmul_left(g, a, b):
    """Adjoint of ``a`` in ``a @ b``."""
    if type(a) is np.ndarray and type(b) is np.ndarray and b.ndim == 2 and a.ndim in (1, 2):
        return g @ b.T if a.ndim == 2 else b @ g
    na, nb = np.ndim(a), np.ndim(b)
    if na == 0 or nb == 0:
        return unbroadcast(g * b, a)
    if nb == 1:
        return unbroadcast(np.expand_dims(g, -1) * b, a) if na > 1 else g * b
    if na == 1:
        return unbroadcast(np.squeeze(np.expand_dims(g, -2) @ np.swapaxes(b, -1, -2), -2), a)
    return unbroadcast(g @ np.swapaxes(b, -1, -2), a)


def matmul_right(g, a, b):
    """Adjoint of ``b`` in ``a @ b``."""
    if type(a) is np.ndarray and type(b) is np.ndarray and a.ndim == 2 and b.ndim in (1, 2):
        return a.T @ g
    na, nb = np.ndim(a), np.ndim(b)
    if na == 0 or nb == 0:
        return unbroadcast(g * a, b)
    if na == 1:
        if nb == 1:
            return g * a
        return unbroadcast(np.expand_dims(a, -1) * np.expand_dims(g, -2), b)
    if nb == 1:
        return unbroadcast(np.squeeze(np.swapaxes(a, -1, -2) @ np.expand_dims(g, -1), -1), b)
    return unbroadcast(np.swapaxes(a, -1, -2) @ g, b)


def _dot_check(a, b):
    if np.ndim(a) > 2 or np.ndim(b) > 2:
        raise NotImplementedError("s2sgrad: the derivative of np.dot is only defined for "
                                  "arrays of up to 2 dimensions; use np.matmul or np.einsum")


def dot_left(g, a, b):
    _dot_check(a, b)
    return matmul_left(g, a, b)


def dot_right(g, a, b):
    _dot_check(a, b)
    return matmul_right(g, a, b)


def outer_left(g, a, b):
    return np.reshape(g @ np.ravel(b), np.shape(a))


def outer_right(g, a, b):
    return np.reshape(np.ravel(a) @ g, np.shape(b))


def inner_adjoint(g, a, b, which):
    if np.ndim(a) == 0 or np.ndim(b) == 0:
        return unbroadcast(g * (b if which == 0 else a), a if which == 0 else b)
    na, nb = np.ndim(a), np.ndim(b)
    if which == 0:
        # g: a.shape[:-1] + b.shape[:-1]; contract b's leading axes
        return np.tensordot(g, b, axes=(list(range(na - 1, na - 1 + nb - 1)),
                                        list(range(nb - 1))))
    moved = np.tensordot(g, a, axes=(list(range(na - 1)), list(range(na - 1))))
    return moved


def _inverse_permutation(order):
    """The axes that undo ``np.transpose(..., order)``, as a tuple of ints (Dask's
    transpose does not take an array of axes)."""
    inverse = [0] * len(order)
    for i, a in enumerate(order):
        inverse[a] = i
    return tuple(inverse)


def tensordot_adjoint(g, a, b, axes, which):
    na, nb = np.ndim(a), np.ndim(b)
    if isinstance(axes, int):
        axes_a = list(range(na - axes, na))
        axes_b = list(range(axes))
    else:
        axes_a, axes_b = axes
        axes_a = [axes_a] if isinstance(axes_a, int) else list(axes_a)
        axes_b = [axes_b] if isinstance(axes_b, int) else list(axes_b)
    axes_a = [x % na for x in axes_a]
    axes_b = [x % nb for x in axes_b]
    free_a = [i for i in range(na) if i not in axes_a]
    free_b = [i for i in range(nb) if i not in axes_b]
    ga = len(free_a)
    if which == 0:
        out = np.tensordot(g, b, axes=(list(range(ga, g.ndim)), free_b))
        # out axes: free_a, then b's contracted axes in increasing order -> matching axes_a
        order = free_a + [axes_a[axes_b.index(j)] for j in sorted(axes_b)]
        return np.transpose(out, _inverse_permutation(order))
    out = np.tensordot(a, g, axes=(free_a, list(range(ga))))
    order = [axes_b[axes_a.index(i)] for i in sorted(axes_a)] + free_b
    return np.transpose(out, _inverse_permutation(order))


def einsum_adjoint(g, subscripts, operands):
    """Adjoints of every operand of ``np.einsum(subscripts, *operands)``."""
    subscripts = subscripts.replace(" ", "")
    if "..." in subscripts:
        raise NotImplementedError("s2sgrad: einsum with '...' has no derivative rule yet")
    if "->" in subscripts:
        inputs, output = subscripts.split("->")
    else:
        inputs = subscripts
        letters = inputs.replace(",", "")
        output = "".join(sorted(c for c in set(letters) if letters.count(c) == 1))
    specs = inputs.split(",")
    out = []
    for i, x in enumerate(operands):
        target = specs[i]
        if len(set(target)) != len(target):
            raise NotImplementedError("s2sgrad: einsum with an index repeated within one "
                                      "operand has no derivative rule yet")
        others = specs[:i] + specs[i + 1:]
        ops = list(operands[:i]) + list(operands[i + 1:])
        present = set(output).union(*others)
        kept = "".join(c for c in target if c in present)
        part = np.einsum(",".join([output] + others) + "->" + kept, g, *ops)
        if kept != target:
            shape = [n if c in present else 1 for c, n in zip(target, np.shape(x))]
            part = np.broadcast_to(np.reshape(part, shape), np.shape(x))
        out.append(part)
    return out


# -- shape ----------------------------------------------------------------------------------


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


def concatenate_adjoint(g, arrays, axis):
    if axis is None:
        sizes = [_size(a) for a in arrays]
        return [np.reshape(p, np.shape(a)) for p, a in
                zip(_split(np.ravel(g), sizes, 0), arrays)]
    sizes = [np.shape(a)[axis] for a in arrays]
    return _split(g, sizes, axis)


def stack_adjoint(g, arrays, axis):
    return [np.take(g, i, axis=axis) for i in range(len(arrays))]


def hstack_adjoint(g, arrays):
    if all(np.ndim(a) <= 1 for a in arrays):
        sizes = [_size(a) for a in arrays]
        return [np.reshape(p, np.shape(a)) for p, a in zip(_split(g, sizes, 0), arrays)]
    return _split(g, [np.shape(a)[1] for a in arrays], 1)


def vstack_adjoint(g, arrays):
    sizes = [np.shape(np.atleast_2d(a))[0] for a in arrays]
    return [np.reshape(p, np.shape(a)) for p, a in zip(_split(g, sizes, 0), arrays)]


def unstack(g, like):
    """Adjoint ``g`` converted to the structure of ``like`` (array <-> list of items)."""
    if isinstance(like, (list, tuple)):
        if isinstance(g, (list, tuple)):
            return list(g)
        if _is_zero(g):
            return [0.0] * len(like)
        return [g[i] for i in range(len(like))]
    if isinstance(g, (list, tuple)):
        return np.stack([np.zeros_like(like[i]) + gi if _is_zero(gi) else gi
                         for i, gi in enumerate(g)]) if len(g) else np.zeros_like(like)
    return g


def builtin_sum_adjoint(g, items):
    """Adjoint of the builtin ``sum(items)`` over a list or the first axis of an array."""
    if isinstance(items, (list, tuple)):
        return [unbroadcast(g, x) for x in items]
    return np.broadcast_to(g, np.shape(items))


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
        _lacking("the derivative of np.repeat with an array of repeats",
                 "np.add.at (scatter-add)", g, "repeat by one count")
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
        shape[axis:axis + 1] = [n, repeats]
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
            _lacking("the derivative of trace/diagonal over axes other than the two of a "
                     "2-D array", "a writable np.diagonal view", g, "use a 2-D array")
        return diag_adjoint(g, x, offset) if np.ndim(g) else \
            g * _diagonal_mask(shape[0], shape[1], offset, g)
    out = np.zeros(shape, dtype=np.result_type(g, float))
    diag = np.diagonal(out, offset, axis1, axis2)
    diag.setflags(write=True)
    diag[...] = np.expand_dims(g, -1) if np.ndim(g) < diag.ndim else g
    return out


def sort_adjoint(g, x, axis):
    if _lazy(g):
        _lacking("the derivative of np.sort", "np.argsort and np.put_along_axis", g,
                 "sort a NumPy array, or compute the array first")
    if axis is None:
        order = np.argsort(np.ravel(x), kind="stable")
        out = np.zeros(np.size(x), dtype=np.result_type(g, float))
        out[order] = np.ravel(g)
        return np.reshape(out, np.shape(x))
    order = np.argsort(x, axis=axis, kind="stable")
    out = np.zeros(np.shape(x), dtype=np.result_type(g, float))
    np.put_along_axis(out, order, g, axis=axis)
    return out


def take_adjoint(g, x, indices, axis):
    if _lazy(g):
        idx = indices if _lazy(indices) else np.ravel(np.asarray(indices))
        if axis is None:
            out = np.zeros_like(g, shape=(_size(x),))
            add_at(out, idx, np.ravel(g))
            return np.reshape(out, _shape(x))
        shape = tuple(_shape(x))
        axis = axis % len(shape)
        out = np.zeros_like(g, shape=shape)
        add_at(out, (slice(None),) * axis + (idx,),
               np.reshape(g, shape[:axis] + (len(idx),) + shape[axis + 1:]))
        return out
    out = np.zeros(np.shape(x), dtype=np.result_type(g, float))
    if axis is None:
        flat = out.reshape(-1)
        np.add.at(flat, np.asarray(indices).ravel(), np.ravel(g))
        return out
    axis = axis % np.ndim(x)
    moved = np.moveaxis(out, axis, 0)
    gm = np.moveaxis(np.reshape(g, np.shape(x)[:axis] + np.shape(indices)
                                + np.shape(x)[axis + 1:]), list(range(
                                    axis, axis + np.ndim(indices))),
                     list(range(np.ndim(indices))))
    np.add.at(moved, indices, gm)
    return out


# -- linear algebra -----------------------------------------------------------------------


def norm_adjoint(g, y, x, ord, axis, keepdims):
    """Adjoint of ``np.linalg.norm`` for the 2-norm of vectors and the Frobenius norm."""
    if ord not in (None, 2, "fro") or (ord == 2 and (axis is None and np.ndim(x) == 2
                                                    or isinstance(axis, tuple))):
        raise NotImplementedError(f"s2sgrad: the derivative of np.linalg.norm with ord={ord!r}"
                                  " is not implemented; write the norm out with np.sum")
    if axis is None and not keepdims:
        return g * x / y
    return _expand(g, x, axis, keepdims) * x / _expand(y, x, axis, keepdims)


def det_adjoint(g, y, a):
    return (g * y)[..., None, None] * np.swapaxes(np.linalg.inv(a), -1, -2)


def solve_adjoint(g, a):
    return np.linalg.solve(np.swapaxes(a, -1, -2), g)


# -- small helpers for generated code ----------------------------------------------------


def part(g, i):
    """Item ``i`` of a container adjoint ``g`` (zero when ``g`` is still zero)."""
    if isinstance(g, (list, tuple, dict)):
        return g[i]
    return 0.0


def nonzero(g) -> bool:
    """Is adjoint ``g`` more than the 0.0 that stands for "no contribution yet"?"""
    return not (type(g) is float and g == 0.0)


def densify(g, x):
    """``g`` as an array shaped like ``x`` when it is still the scalar zero."""
    if _is_zero(g) and np.ndim(x):
        return zeros_like(x)
    return g


def snapshot(value):
    """A copy of ``value`` that later in-place writes cannot change."""
    return value.copy() if hasattr(value, "copy") else value


def output_seed(value, seed=None):
    """The cotangent that starts the adjoint sweep: 1.0 for a scalar output.

    A tuple or list output differentiates its first element (the rest is auxiliary).
    """
    if seed is not None:
        return seed
    if isinstance(value, (tuple, list)):
        if not value:
            raise ValueError("the differentiated function returned an empty "
                             f"{type(value).__name__}; return a scalar loss")
        _check_scalar(value[0], " as the first element of its output")
        return [_one(value[0])] + [0.0] * (len(value) - 1)
    _check_scalar(value, "")
    return _one(value)


def _one(value):
    """1.0, or a lazy 0-d one of ``value``'s dtype when ``value`` is a Dask array, so the
    adjoint sweep stays lazy and float32 stays float32."""
    return np.ones_like(value) if _lazy(value) else 1.0


def _check_scalar(value, where):
    shape = getattr(value, "shape", None)
    if isinstance(value, (float, int, np.floating, np.integer)) and not isinstance(
            value, (bool, np.bool_)) and shape in (None, ()):
        return
    if shape == () and getattr(value, "dtype", None) is not None and value.dtype.kind == "f":
        return
    if shape is not None:
        what = f"an array of shape {tuple(shape)} and dtype {value.dtype}"
    else:
        what = f"a value of type {type(value).__name__}"
    raise ValueError(f"the differentiated function must return a scalar{where}, but it "
                     f"returned {what}; reduce it to a scalar (e.g. with np.sum) or use "
                     "s2sgrad.vjp for non-scalar outputs")


def check_cotangents(grads, n):
    """The tuple a custom ``bwd`` returned, checked to hold one cotangent per argument."""
    if not isinstance(grads, (tuple, list)) or len(grads) != n:
        raise ValueError(f"a custom_vjp backward function must return a tuple of {n} "
                         f"cotangent(s), one per positional argument; it returned {grads!r}")
    return [0.0 if g is None else g for g in grads]


# -- method calls that generated code makes through functions ---------------------------


def array_astype(x, dtype, *args, **kwargs):
    """``x.astype(dtype)``."""
    return x.astype(dtype, *args, **kwargs)


def array_item(x, *args):
    """``x.item()``."""
    return x.item(*args)


def array_tolist(x):
    """``x.tolist()``."""
    return x.tolist()


def dict_get(d, key, default=None):
    """``d.get(key, default)``."""
    return d.get(key, default)
