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
    """Sum of two adjoints: arrays, scalars, or containers of them (0.0 is zero).

    A list's adjoint is a list, or an array when NumPy turned the list into one (item
    ``i`` is then row ``i``); a dict's adjoint is a dict.
    """
    if isinstance(a, (list, tuple)):
        if _is_zero(b):
            return list(a)
        if isinstance(b, (list, tuple)):
            _same_length(a, b)
            return [add(x, y) for x, y in zip(a, b)]
        if np.ndim(b) == 0 or len(b) != len(a):
            raise _structure_error(a, b)
        return [add(x, b[i]) for i, x in enumerate(a)]
    if isinstance(a, dict):
        if _is_zero(b):
            return dict(a)
        if not isinstance(b, dict):
            raise _structure_error(a, b)
        return {k: add(a[k], b[k]) if k in b else a[k] for k in a} | {
            k: v for k, v in b.items() if k not in a}
    if isinstance(b, (list, tuple, dict)):
        return add(b, a)
    return a + b


def _same_length(a, b):
    if len(a) != len(b):
        raise _structure_error(a, b)


def _structure_error(a, b):
    return TypeError(f"s2sgrad: internal error: adjoints of different structures meet "
                     f"({_describe(a)} and {_describe(b)}); please report this program")


def _describe(x) -> str:
    if isinstance(x, (list, tuple, dict)):
        return f"a {type(x).__name__} of {len(x)} items"
    return f"a value of shape {np.shape(x)}"


def _is_zero(x) -> bool:
    return type(x) is float and x == 0.0


def zeros_like(x):
    """A zero adjoint shaped like ``x``: arrays get arrays, containers get containers."""
    if isinstance(x, (list, tuple)):
        return [zeros_like(v) for v in x]
    if isinstance(x, dict):
        return {k: zeros_like(v) for k, v in x.items()}
    if isinstance(x, (float, int, str, bytes)) or x is None:
        return 0.0  # a number, or a key or label that carries no derivative
    if x is Absent:
        return x
    return np.zeros_like(x, dtype=np.result_type(x, 1.0))


def fresh_adjoint(g, x):
    """A private, writable copy of adjoint ``g`` of ``x`` (allocating zeros for 0.0)."""
    if isinstance(g, (list, tuple, dict)) or isinstance(x, (list, tuple, dict)):
        return add(zeros_like(x), g)
    if _is_zero(g) and not isinstance(x, float):
        return zeros_like(x)
    if hasattr(g, "copy"):
        return g.copy()
    return g


def add_at(g, index, value):
    """``g[index] += value`` in place, accumulating repeated indices and containers."""
    if isinstance(g, dict):
        g[index] = add(g.get(index, 0.0), value)  # d.get(key) of a missing key: unused
    elif isinstance(g, list):
        g[index] = add(g[index], value)
    elif _lazy(g):
        _lazy_add_at(g, index, value)
    elif _is_basic_index(index):
        g[index] += value
    else:
        np.add.at(g, index, value)


def add_at_value(g, index, value):
    """``add_at(g, index, value)``, returning ``g``: the in-place update as an assignment
    (how forward mode sees generated reverse code)."""
    add_at(g, index, value)
    return g


def broadcast_tangent(value, like):
    """Tangent ``value`` broadcast to the shape of its primal ``like`` (a writable array)."""
    shape = np.shape(like)
    if np.shape(value) == shape:
        return value
    return np.zeros(shape, dtype=np.result_type(value, 1.0)) + value


def last_writes(index, y):
    """Which elements of ``value`` survive ``y[index] = value``.

    A fancy index that names a position more than once writes it more than once and
    only one write stays; the mask (shaped like ``y[index]``) is True for that one.
    It is found by doing the same assignment with write ordinals, so it follows
    NumPy's own order. Indices that cannot repeat a position (and items of a list or
    dict, which take one key) give 1.0.
    """
    if isinstance(y, (list, dict)) or _is_basic_index(index):
        return 1.0
    shape = np.shape(y)
    written = np.zeros(shape, dtype=bool)[index]
    ordinals = np.arange(written.size).reshape(written.shape)
    scratch = np.full(shape, -1, dtype=ordinals.dtype)
    scratch[index] = ordinals
    kept = np.zeros(written.size, dtype=bool)
    kept[scratch[scratch >= 0]] = True
    return kept.reshape(written.shape)


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


def _user_place():
    """``(filename, lineno, code)`` of the user's line that the innermost generated
    function is differentiating, read from its line comments; None when not found."""
    import linecache
    import sys

    frame = sys._getframe(1)
    while frame is not None and not frame.f_code.co_filename.startswith("<s2sgrad "):
        frame = frame.f_back
    if frame is None:
        return None
    lines = linecache.getlines(frame.f_code.co_filename)[:frame.f_lineno]
    for line in reversed(lines):
        text = line.strip()
        if text.startswith("# line "):
            where, _, code = text[len("# line "):].partition(": ")
            return frame.f_globals.get("__file__", "<unknown>"), int(where), code
    return None


def _unsupported(message: str, hint: str):
    """Raise s2sgrad's UnsupportedSyntaxError at the user's line for a case found at run
    time (a TypeError naming it where s2sgrad is not installed: ahead-of-time modules)."""
    place = _user_place()
    try:
        from s2sgrad.errors import UnsupportedSyntaxError
    except ImportError:
        raise TypeError(f"{message}; {hint}") from None
    if place is None:
        raise UnsupportedSyntaxError(message, hint=hint)
    filename, lineno, code = place
    raise UnsupportedSyntaxError(message, filename, lineno, None, code, hint)


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
    """Adjoint of the last item appended to a list whose adjoint is ``g`` (a private list
    shaped like the list, see :func:`fresh_adjoint`)."""
    if not isinstance(g, list) or not g:
        raise TypeError("s2sgrad: internal error: the adjoint of a list is out of step with "
                        f"the list ({_describe(g)}); please report this program")
    return g.pop()


def match_input(g, x):
    """Give gradient ``g`` the type and structure of the input ``x``."""
    if isinstance(x, float):
        if _lazy(g):
            return np.sum(g) if np.ndim(g) else g  # lazy stays lazy: a 0-d array, not float
        return float(np.sum(g)) if np.ndim(g) else float(g)
    if isinstance(x, (list, tuple, dict)):
        if isinstance(x, dict):
            if _is_zero(g):
                g = {}
            elif not isinstance(g, dict):
                raise _structure_error(x, g)
            return {k: match_input(g.get(k, 0.0), v) for k, v in x.items()}
        if _is_zero(g):
            g = [0.0] * len(x)
        elif not isinstance(g, (list, tuple)) and (np.ndim(g) == 0 or len(g) != len(x)):
            raise _structure_error(x, g)
        elif isinstance(g, (list, tuple)):
            _same_length(x, g)
        out = [match_input(g[i], xi) for i, xi in enumerate(x)]
        if hasattr(x, "_fields"):
            return type(x)(*out)  # a NamedTuple's gradient is of its type
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


def reshape_like(g, like, order):
    """``g`` reshaped to ``like``'s shape (``order`` passed only when it is not "C": Dask's
    reshape takes none)."""
    if order == "C":
        return np.reshape(g, _shape(like))
    return np.reshape(g, _shape(like), order=order)


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


def _last(x, axis):
    """``x`` with the reduced axes (``None``: all) moved last and merged into one."""
    ndim = len(_shape(x))
    axes = _axes(axis, ndim)
    rest = [i for i in range(ndim) if i not in axes]
    moved = np.transpose(x, tuple(rest + list(axes)))
    shape = _shape(moved)
    return np.reshape(moved, shape[:len(rest)] + (-1,)), rest + list(axes), shape


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
    one, zero = np.ones(x.shape[:-1] + (1,)), np.zeros(x.shape[:-1] + (1,))
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


def _cumprod_vjp(g, x, tx):
    """Adjoint of cumprod along the last axis and its derivative in ``x`` along ``tx``."""
    n = x.shape[-1]
    dtype = np.result_type(g, x, tx, 1.0)
    out, dout = np.zeros(x.shape, dtype), np.zeros(x.shape, dtype)
    c, dc = _cumprod_jvp(x, tx)
    one, zero = np.ones(x.shape[:-1] + (1,)), np.zeros(x.shape[:-1] + (1,))
    left = np.concatenate([one, c[..., :-1]], -1)
    dleft = np.concatenate([zero, dc[..., :-1]], -1)
    s, ds = 0.0, 0.0
    for k in range(n - 1, -1, -1):
        if k < n - 1:  # s_k = g_k + x_{k+1} s_{k+1}
            s, ds = g[..., k] + x[..., k + 1] * s, tx[..., k + 1] * s + x[..., k + 1] * ds
        else:
            s, ds = g[..., k], 0.0
        out[..., k] = left[..., k] * s
        dout[..., k] = dleft[..., k] * s + left[..., k] * ds
    return out, dout


def cumprod_adjoint(g, x, axis):
    """Adjoint of ``cumprod(x, axis)`` (no division, so zeros in ``x`` are fine)."""
    a = _along(x, axis)
    out, _ = _cumprod_vjp(np.reshape(_along(g, axis), a.shape), a, np.zeros_like(a))
    return _from_along(out, x, axis)


def cumprod_adjoint_dx(g, x, tx, axis):
    """Derivative of ``cumprod_adjoint(g, x, axis)`` in ``x`` along ``tx``."""
    a = _along(x, axis)
    _, dout = _cumprod_vjp(np.reshape(_along(g, axis), a.shape), a,
                           _along(tx + np.zeros(np.shape(x)), axis))
    return _from_along(dout, x, axis)


def ratio_or_zero(n, d):
    """``n / d``, and 0 where ``d`` is 0 (the derivative chosen at a kink, as for abs)."""
    if np.ndim(d) == 0 and np.ndim(n) == 0 and not hasattr(d, "shape"):
        return n / d if d != 0 else 0.0 * n
    zero = np.equal(d, 0)
    return np.where(zero, 0.0, n / np.where(zero, 1.0, d))


def power_slope(x, k):
    """``k * x ** (k - 1)``, the derivative of ``x ** k`` in ``x``: exactly 0 where
    ``k == 0`` (also at ``x == 0``, where the formula would give ``0 * inf``)."""
    return power_term(x, k, 1)


def _falling(k, n):
    out = 1.0
    for i in range(n):
        out = out * (k - i)
    return out


def power_term(x, k, n):
    """``k (k - 1) ... (k - n + 1) x ** (k - n)``, the ``n``-th derivative of ``x ** k`` in
    ``x``: exactly 0 where the factor is 0 (an integer ``0 <= k < n``), also at ``x == 0``."""
    factor = _falling(k, n)
    if np.ndim(k) == 0 and not hasattr(k, "shape"):
        if factor == 0:
            return 0.0 * x
        return factor * x ** (k - n)
    zero = np.equal(factor, 0)
    return np.where(zero, 0.0, factor * x ** np.where(zero, n, k - n))


def power_term_dk(x, k, n):
    """Derivative of ``power_term(x, k, n)`` in ``k`` (``x > 0``; 0 where ``x <= 0``)."""
    slope = 0.0
    for i in range(n):
        part = 1.0
        for j in range(n):
            if j != i:
                part = part * (k - j)
        slope = slope + part
    return slope * x ** (k - n) + power_term(x, k, n) * safe_log(x)


def clip_adjoint(g, x, lo, hi):
    inside = np.ones_like(x, dtype=bool)
    if lo is not None:
        inside = inside & (x >= lo)
    if hi is not None:
        inside = inside & (x <= hi)
    return g * inside


def safe_log(x):
    """log(x) for x > 0, 0 at x == 0 (the limit of x**y * log(x) for y > 0), and NaN
    for x < 0, where x**y has no derivative in y (as in NumPy, autograd and JAX)."""
    return np.log(np.where(np.greater(x, 0), x, np.where(np.less(x, 0), np.nan, 1.0)))


# -- products -------------------------------------------------------------------------------


def matmul_left(g, a, b):
    """Adjoint of ``a`` in ``a @ b``."""
    a, b = _sequence_array(a), _sequence_array(b)
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
    a, b = _sequence_array(a), _sequence_array(b)
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


def _sequence_array(x):
    """A list or tuple operand of a product as the array NumPy made of it."""
    return np.asarray(x) if isinstance(x, (list, tuple)) else x


def outer_left(g, a, b):
    return np.reshape(g @ np.ravel(b), np.shape(a))


def outer_right(g, a, b):
    return np.reshape(np.ravel(a) @ g, np.shape(b))


def _inner_adjoint(g, a, b, which):
    a, b = _sequence_array(a), _sequence_array(b)
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


def _tensordot_adjoint(g, a, b, axes, which):
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


def inner_left(g, a, b):
    return _inner_adjoint(g, a, b, 0)


def inner_right(g, a, b):
    return _inner_adjoint(g, a, b, 1)


def tensordot_left(g, a, b, axes):
    return _tensordot_adjoint(g, a, b, axes, 0)


def tensordot_right(g, a, b, axes):
    return _tensordot_adjoint(g, a, b, axes, 1)


_LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"


def _einsum_parse(args):
    """``np.einsum`` arguments (string or sublist form) -> ``(specs, output, positions)``:
    one letter per axis ('...' expanded), and the operands' positions in ``args``."""
    if isinstance(args[0], str):
        subscripts, positions = args[0].replace(" ", ""), list(range(1, len(args)))
    else:
        n = len(args) // 2
        positions = [2 * i for i in range(n)]

        def letters(sub):
            return "".join("..." if s is Ellipsis else _LETTERS[s] for s in sub)

        subscripts = ",".join(letters(args[2 * i + 1]) for i in range(n))
        if len(args) % 2:
            subscripts += "->" + letters(args[-1])
    inputs, arrow, output = subscripts.partition("->")
    specs = inputs.split(",")
    if len(specs) != len(positions):
        raise ValueError(f"einsum: {len(specs)} subscripts for {len(positions)} operands")
    if not arrow:
        joined = inputs.replace(",", "").replace("...", "")
        output = ("..." if "..." in inputs else "") + "".join(
            sorted(c for c in set(joined) if joined.count(c) == 1))
    if "..." in subscripts:
        free = [c for c in _LETTERS if c not in subscripts]
        ranks = [np.ndim(args[p]) - len(s.replace("...", "")) for s, p in zip(specs, positions)
                 if "..." in s]
        width = max(ranks, default=0)
        ell = "".join(free[:width])
        specs = [s.replace("...", ell[width - (np.ndim(args[p]) - len(s) + 3):])
                 if "..." in s else s for s, p in zip(specs, positions)]
        output = output.replace("...", ell)
    return specs, output, positions


def einsum_adjoint(g, operands):
    """Adjoints of the arguments of ``np.einsum(*operands)`` (0.0 for subscripts):
    repeated indices (``'ii->'``), ellipses and both call forms."""
    specs, output, positions = _einsum_parse(operands)
    arrays = [operands[p] for p in positions]
    sizes = {}
    for s, x in zip(specs, arrays):
        sizes.update({c: n for c, n in zip(s, np.shape(x)) if n != 1 or c not in sizes})
    out = [0.0] * len(operands)
    for i, (target, x) in enumerate(zip(specs, arrays)):
        others = specs[:i] + specs[i + 1:]
        ops = arrays[:i] + arrays[i + 1:]
        unique = "".join(dict.fromkeys(target))
        present = set(output).union(*others)
        kept = "".join(c for c in unique if c in present)
        part = np.einsum(",".join([output] + others) + "->" + kept, g, *ops)
        # letters summed away in the primal broadcast back; size-1 (broadcast) axes sum
        shape = [sizes[c] if c in present else 1 for c in unique]
        part = np.reshape(part, [sizes[c] if c in present else 1 for c in unique])
        own = [np.shape(x)[target.index(c)] for c in unique]
        axes = tuple(k for k, (n, m) in enumerate(zip(shape, own)) if n != m and m == 1)
        if axes:
            part = np.sum(part, axis=axes, keepdims=True)
        part = np.broadcast_to(part, own)
        if unique != target:  # a repeated index: write onto the diagonal
            full = np.zeros(np.shape(x), dtype=np.result_type(part, 1.0))
            np.einsum(target + "->" + unique, full)[...] = part
            part = full
        out[positions[i]] = part
    return out


def einsum_tangent(operands, tangents):
    """Tangent of ``np.einsum(*operands)``: one term per operand with a tangent."""
    _, _, positions = _einsum_parse(operands)
    out = 0.0
    for p in positions:
        if _is_zero(tangents[p]):
            continue
        args = list(operands)
        args[p] = tangents[p]
        out = out + np.einsum(*args)
    if _is_zero(out):
        return np.zeros_like(np.einsum(*operands))
    return out


def einsum_cross(operands, tangents, dops):
    """Derivative of ``einsum_tangent(operands, tangents)`` in ``operands`` along ``dops``."""
    _, _, positions = _einsum_parse(operands)
    out = 0.0
    for i in positions:
        for j in positions:
            if i == j or _is_zero(tangents[i]) or _is_zero(dops[j]):
                continue
            args = list(operands)
            args[i], args[j] = tangents[i], dops[j]
            out = out + np.einsum(*args)
    if _is_zero(out):
        return np.zeros_like(np.einsum(*operands))
    return out


def einsum_adjoint_tangent(g, operands, tangents):
    """Derivative of ``einsum_adjoint(g, operands)`` in the operands along ``tangents``."""
    _, _, positions = _einsum_parse(operands)
    out = [0.0] * len(operands)
    for j in positions:
        if _is_zero(tangents[j]):
            continue
        args = list(operands)
        args[j] = tangents[j]
        parts = einsum_adjoint(g, args)
        for i in positions:
            if i != j:
                out[i] = add(out[i], parts[i])
    return out


# -- shape ----------------------------------------------------------------------------------


def linspace_adjoint(g, start, stop, num, endpoint, retstep, axis, which):
    """Adjoint of ``np.linspace(start, stop, num, endpoint, retstep, axis=axis)`` in
    ``start`` (``which`` 0) or ``stop`` (1)."""
    div = num - 1 if endpoint else num
    gstep = 0.0
    if retstep:
        if div <= 0:
            raise ValueError("s2sgrad: np.linspace(..., retstep=True) with one point has an "
                             "undefined step; its derivative is not defined")
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


def sort_tangent(tx, x, axis):
    """Tangent of ``np.sort(x, axis)``: ``tx`` permuted like ``x``."""
    if axis is None:
        order = np.argsort(np.ravel(x), kind="stable")
        return np.ravel(tx)[order]
    order = np.argsort(x, axis=axis, kind="stable")
    return np.take_along_axis(tx, order, axis=axis)


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


def _check_norm(ord, axis, x):
    if ord not in (None, 2, "fro") or (ord == 2 and (axis is None and np.ndim(x) == 2
                                                    or isinstance(axis, tuple))):
        raise NotImplementedError(f"s2sgrad: the derivative of np.linalg.norm with ord={ord!r}"
                                  " is not implemented; write the norm out with np.sum")


def norm_adjoint(g, y, x, ord, axis, keepdims):
    """Adjoint of ``np.linalg.norm`` for the 2-norm of vectors and the Frobenius norm
    (0 at a zero vector, as abs at 0)."""
    _check_norm(ord, axis, x)
    if axis is None and not keepdims:
        return g * ratio_or_zero(x, y)
    return _expand(g, x, axis, keepdims) * ratio_or_zero(x, _expand(y, x, axis, keepdims))


def norm_tangent(tx, y, x, ord, axis, keepdims):
    """Tangent of ``y = np.linalg.norm(x, ord, axis, keepdims)`` (2-norm, Frobenius)."""
    _check_norm(ord, axis, x)
    return ratio_or_zero(np.sum(x * tx, axis=axis, keepdims=keepdims), y)


def det_adjoint(g, y, a):
    return (g * y)[..., None, None] * np.swapaxes(np.linalg.inv(a), -1, -2)


def solve_adjoint(g, a):
    return np.linalg.solve(np.swapaxes(a, -1, -2), g)


# -- small helpers for generated code ----------------------------------------------------


def part(g, i):
    """Item ``i`` of a container adjoint ``g`` (zero when ``g`` is still zero).

    ``g`` is an array when NumPy turned the container into one: item ``i`` is row ``i``.
    """
    if isinstance(g, (list, tuple, dict)):
        return g[i]
    if _is_zero(g):
        return 0.0
    if isinstance(i, (int, np.integer)) and not isinstance(i, bool) and np.ndim(g) > 0:
        return g[i]
    raise TypeError(f"s2sgrad: internal error: item {i!r} of the adjoint {_describe(g)}; "
                    "please report this program")


def add_or_concat_adjoint(g, a, b):
    """Adjoints ``[da, db]`` of ``a + b``: list/tuple concatenation or addition."""
    if isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)):
        if _is_zero(g):
            return [0.0, 0.0]
        n = len(a)
        if isinstance(g, (list, tuple)):
            _same_length(g, list(a) + list(b))
            return [list(g[:n]), list(g[n:])]
        return [g[:n], g[n:]]
    return [unbroadcast(g, a), unbroadcast(g, b)]


def mul_or_repeat_adjoint(g, a, b):
    """Adjoints ``[da, db]`` of ``a * b``: list/tuple repetition by an int, or product."""
    if _is_repetition(b, a):
        return mul_or_repeat_adjoint(g, b, a)[::-1]
    if _is_repetition(a, b):
        n, reps = len(a), max(int(b), 0)
        if _is_zero(g) or not reps:
            return [0.0, 0.0]
        total = list(g[:n])
        for k in range(1, reps):
            total = add(total, list(g[k * n:(k + 1) * n]))
        return [total, 0.0]
    return [unbroadcast(g * b, a), unbroadcast(g * a, b)]


def mul_or_repeat_adjoint_tangent(g, tg, a, b, ta, tb):
    """Tangent of ``mul_or_repeat_adjoint(g, a, b)`` (forward over reverse)."""
    out = mul_or_repeat_adjoint(tg, a, b)
    if _is_repetition(a, b) or _is_repetition(b, a):
        return out  # repetition: linear in g, the int carries no tangent
    return [add(out[0], unbroadcast(g * tb, a)), add(out[1], unbroadcast(g * ta, b))]


def _is_repetition(a, b) -> bool:
    """Is ``a * b`` a list or tuple ``a`` repeated ``b`` times?"""
    return isinstance(a, (list, tuple)) and isinstance(b, (int, np.integer)) and \
        not isinstance(b, bool)


def add_or_concat_tangent(ta, tb, a, b):
    """Tangent of ``a + b``: list/tuple concatenation or addition."""
    if isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)):
        return _items(ta, a) + _items(tb, b)
    return ta + tb


def mul_or_repeat_tangent(ta, tb, a, b):
    """Tangent of ``a * b``: list/tuple repetition by an int, or product."""
    if _is_repetition(a, b):
        return _items(ta, a) * b
    if _is_repetition(b, a):
        return _items(tb, b) * a
    return ta * b + a * tb


def _items(t, like):
    """Tangent ``t`` of the list or tuple ``like`` as a list of item tangents."""
    if _is_zero(t):
        return [0.0] * len(like)
    return [t[i] for i in range(len(like))]


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


class Absent:
    """What :func:`save_item` saves for a dict key that is not there yet (the class
    itself is the marker)."""


def save_item(container, key):
    """A copy of ``container[key]`` before it is overwritten (Absent for a new dict key)."""
    if isinstance(container, dict) and key not in container:
        return Absent
    return snapshot(container[key])


def restore_value(container, key, saved):
    """The value :func:`save_item` saved; a key that was new keeps its value, unread
    by the adjoint sweep before it was set."""
    return container[key] if saved is Absent else saved


def output_seed(value, seed=None):
    """The cotangent that starts the adjoint sweep: 1.0 for a scalar output.

    A tuple or list output differentiates its first element (the rest is auxiliary).
    """
    if seed is not None:
        if not isinstance(value, (tuple, list, dict)) and not isinstance(
                seed, (tuple, list, dict)) and _shape(seed) != _shape(value) and not (
                _size(seed) == 1 and _size(value) == 1):
            raise ValueError(f"vjp: the cotangent has shape {tuple(_shape(seed) or ())} but the "
                             f"function's output has shape {tuple(_shape(value) or ())}"
                             f"{_user_line()}; pass a cotangent shaped like the output")
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
    """1.0, or ones like ``value`` when it is a Dask array (so the adjoint sweep stays lazy
    and float32 stays float32) or an array of one element such as shape (1,) or (1, 1)."""
    return np.ones_like(value) if _lazy(value) or _shape(value) not in ((), None) else 1.0


def _check_scalar(value, where):
    shape = getattr(value, "shape", None)
    if isinstance(value, (float, int, np.floating, np.integer)) and not isinstance(
            value, (bool, np.bool_)) and shape in (None, ()):
        return
    if shape is not None and all(n == 1 for n in shape) and getattr(
            value, "dtype", None) is not None and value.dtype.kind == "f":
        return  # a 0-d array, or one element of shape (1,), (1, 1)...: a scalar, as in autograd
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


def dict_keys(d):
    """``list(d)`` of a dict: its keys, which carry no derivative."""
    return list(d)


def sequence_length(seq):
    """``len(seq)`` of something a for loop iterates by position (never a dict)."""
    if isinstance(seq, dict):
        _unsupported("a for loop over a dict that s2sgrad could not tell was a dict when "
                     "transforming", "write `for k in d.keys()`, `for v in d.values()` or "
                     "`for k, v in d.items()`")
    return len(seq)
