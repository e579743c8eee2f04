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
    if isinstance(x, (float, int, str, bytes)) or x is None or x is Ellipsis:
        return 0.0  # a number, or a key, label or einsum sublist Ellipsis: no derivative
    if x is Absent:
        return x
    if isinstance(x, np.ndarray) and LazySweep.like is not None:
        like = LazySweep.like.get()
        if like is not None:
            # in a derivative of Dask arrays, a NumPy value's adjoint buffer is lazy too,
            # so that the lazy contributions can be added into it in place
            return np.zeros_like(like, shape=x.shape, dtype=np.result_type(x, 1.0))
    return np.zeros_like(x, dtype=np.result_type(x, 1.0))


def fresh_adjoint(g, x):
    """A private, writable copy of adjoint ``g`` of ``x`` (allocating zeros for 0.0)."""
    if isinstance(g, (list, tuple, dict)) or isinstance(x, (list, tuple, dict)):
        return add(zeros_like(x), g)
    if _is_zero(g) and not isinstance(x, float):
        return zeros_like(x)
    if isinstance(g, np.ndarray) and LazySweep.like is not None and LazySweep.like.get() \
            is not None:
        return zeros_like(g) + g  # lazy, like every buffer of a derivative of Dask arrays
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
        _lazy_add_at(g, index, real_if_real(value, g))
    elif _lazy(value):
        _numpy_buffer(value)
    elif _is_basic_index(index):
        g[index] += real_if_real(value, g)
    else:
        np.add.at(g, index, real_if_real(value, g))


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


class LazySweep:
    """The Dask array that the derivative being computed takes (the first one found in its
    arguments), which :func:`zeros_like` makes its buffers like; ``current()`` is None
    outside such a derivative. Entered by the entry points (``with LazySweep(args)``)."""

    like = None  # a contextvars.ContextVar, made when the first Dask argument is seen

    def __init__(self, values):
        self.found = _first_lazy(values)
        self.token = None

    def __enter__(self):
        if self.found is not None:
            if LazySweep.like is None:
                import contextvars
                LazySweep.like = contextvars.ContextVar("s2sgrad_lazy_sweep", default=None)
            self.token = LazySweep.like.set(self.found)
        return self

    def __exit__(self, *exc):
        if self.token is not None:
            LazySweep.like.reset(self.token)

    @staticmethod
    def current():
        return None if LazySweep.like is None else LazySweep.like.get()


def _first_lazy(values):
    """The first Dask array among ``values`` and the items of its lists, tuples and dicts."""
    for v in values.values() if isinstance(values, dict) else values:
        if _lazy(v):
            return v
        if isinstance(v, (list, tuple, dict)):
            found = _first_lazy(v)
            if found is not None:
                return found
    return None


def _numpy_buffer(value):
    """Raise: a lazy ``value`` cannot be added into a NumPy adjoint buffer in place."""
    raise NotImplementedError(
        f"s2sgrad: the adjoint of an indexed NumPy array is a NumPy array updated in place, "
        f"and a {type(value).__module__.split('.')[0]} array cannot be added into it"
        f"{_user_line()}; pass the Dask arrays as arguments of the derivative (one read from "
        "a global or a closure is not seen, nor are any by an ahead-of-time module from "
        "s2sgrad.emit), or the indexed array as a Dask array (da.from_array(w))")


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
    if _lazy(idx) and len(arrays) == 1 and idx.ndim == 1 and idx.dtype.kind in "iu" and all(
            isinstance(p, slice) for i, p in enumerate(parts) if i != k):
        _scatter_add(g, parts, k, idx, value)
        return
    if len(parts) == 1 and getattr(getattr(idx, "dtype", None), "kind", "") == "b" and \
            tuple(_shape(idx)) == tuple(_shape(g)) and len(_shape(g)) > 0:
        _mask_add(g, idx, value)
        return
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


def _scatter_add(g, parts, k, idx, value):
    """``g[parts] += value`` for a lazy 1-D integer index array ``idx`` at ``parts[k]``
    (slices elsewhere): a scatter-add written as a weighted ``np.bincount`` of flat
    positions, which Dask runs chunk by chunk and sums; repeated positions accumulate."""
    if any(n != n for n in _shape(idx)):
        _lacking("the derivative of indexing with an index array of unknown length (unknown "
                 "chunk sizes)", "a scatter-add", g, "call compute_chunk_sizes() on the index "
                 "array first")
    key = parts[:k] + (slice(None),) + parts[k + 1:]
    target = g[key]
    shape = tuple(_shape(target))
    n, rest = shape[k], shape[:k] + shape[k + 1:]
    width = 1
    for m in rest:
        width *= m
    value = np.broadcast_to(value, shape[:k] + (_shape(idx)[0],) + shape[k + 1:])
    rows = np.reshape(np.moveaxis(value, k, 0), (-1, width))
    flat = np.ravel(np.where(idx < 0, idx + n, idx)[:, None] * width + np.arange(width))
    # np.bincount on Dask wants the weights chunked like the positions
    weights = (np.zeros_like(flat, dtype=rows.dtype) + np.ravel(rows)).rechunk(flat.chunks)

    def counts(w):
        return np.bincount(flat, weights=w, minlength=n * width)

    total = counts(np.real(weights)) + 1j * counts(np.imag(weights)) if _is_complex(
        weights) else counts(weights)
    scattered = np.moveaxis(np.reshape(total.astype(target.dtype), (n,) + rest), 0, k)
    g[key] = target + scattered


def _mask_add(g, mask, value):
    """``g[mask] += value`` for a boolean ``mask`` shaped like ``g`` (``value`` may have
    unknown chunk sizes): the flat positions of the selected entries, found by the same
    indexing as the forward pass's ``x[mask]`` (so cut into the same pieces as ``value``),
    weight a ``np.bincount``. Pieces that do not line up fail when computed, never
    misplace."""
    shape = tuple(_shape(g))
    size = _size(g)
    if not _lazy(mask) and _lazy(value) and _unknown(_shape(value)):
        mask = np.asarray(mask, like=g).rechunk(g.chunks)  # as Dask's x[mask] took it
    if _lazy(mask):
        positions = np.reshape(np.arange(size, like=g), shape).rechunk(g.chunks)[mask]
    else:
        positions = np.asarray(np.flatnonzero(mask), like=g)
        if _lazy(value):
            positions = positions.rechunk(value.chunks)
    value = np.broadcast_to(value, _shape(positions)) if np.ndim(value) == 0 else value
    if not _lazy(value):
        value = np.zeros_like(positions, dtype=value.dtype) + value

    def counts(w):
        return np.bincount(positions, weights=w, minlength=size)

    total = counts(np.real(value)) + 1j * counts(np.imag(value)) if _is_complex(
        value) else counts(value)
    key = (slice(None),) * len(shape)
    g[key] = g + np.reshape(total.astype(g.dtype), shape)


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
    function is differentiating (see :func:`_user_place`); "" when not found."""
    place = _user_place()
    if place is None:
        return ""
    filename, lineno, code = place
    return f" (at {filename}:{lineno}: {code})"


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
        g = np.sum(g) if np.ndim(g) else g
        return float(np.real(g)) if _is_complex(g) else float(g)
    if isinstance(x, (complex, np.complexfloating)):
        return type(x)(np.sum(g) if np.ndim(g) else g)
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
        if g.dtype != x.dtype and x.dtype.kind in "fc":
            # float32 in, float32 out; a real input gets the real part (autograd's convention)
            g = (np.real(g) if x.dtype.kind == "f" else g).astype(x.dtype)
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
    if n != n:
        _unknown_size()
    return n


def _unknown(shape) -> bool:
    """Does ``shape`` hold unknown (NaN) sizes: a Dask array after boolean indexing?"""
    return any(n != n for n in shape)


def _unknown_size():
    raise NotImplementedError(f"s2sgrad: this derivative needs the size of a Dask array whose "
                              f"chunk sizes are unknown (after boolean indexing){_user_line()};"
                              " call .compute_chunk_sizes() on it first")


class Shape(tuple):
    """Saved instead of a value when the adjoint sweep only needs that value's shape."""

    @property
    def shape(self):
        return tuple(self)

    @property
    def ndim(self):
        return len(self)


class ComplexShape(Shape):
    """The saved shape of a complex value: ``unbroadcast`` keeps its adjoint complex."""

    dtype = np.dtype(complex)


def shape_of(x):
    """What the forward sweep saves of ``x`` when only its shape is needed later."""
    if type(x) is np.ndarray:
        return (ComplexShape if x.dtype.kind == "c" else Shape)(x.shape)
    return (ComplexShape if _is_complex(x) else Shape)(_shape(x))


def unbroadcast(g, x):
    """Sum ``g`` over the axes along which ``x`` was broadcast to ``g``'s shape."""
    if type(x) is float and type(g) is float:
        return g
    if type(g) is np.ndarray:  # the gradient of a real value is real
        if g.dtype.kind == "c" and not _is_complex(x):
            g = g.real
    elif _is_complex(g) and not _is_complex(x):
        g = np.real(g)
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


def _is_complex(x) -> bool:
    return type(x) is complex or getattr(getattr(x, "dtype", None), "kind", "") == "c"


def real_if_real(g, x):
    """Adjoint ``g`` of ``x``, without its imaginary part when ``x`` is real: the gradient
    of a real value is real (autograd's convention for complex intermediates)."""
    if _is_complex(g) and not _is_complex(x) and not isinstance(x, (list, tuple, dict)):
        return np.real(g)
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
    if _unknown(shape):
        axes = _axes(axis, ndim)  # new axes by indexing: no reshape to unknown sizes
        return g[tuple(None if i in axes else slice(None) for i in range(ndim))]
    for a in _axes(axis, ndim):
        shape[a] = 1
    return np.reshape(g, shape)


def reduce_adjoint(g, x, axis, keepdims):
    """Adjoint of ``sum(x, axis, keepdims)``: ``g`` broadcast back to ``x``'s shape."""
    if axis is None and type(x) is np.ndarray and x.size <= 8192 and (
            type(g) is float or np.ndim(g) == 0 and not _lazy(g)):
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


def reshape_like(g, like, order):
    """``g`` reshaped to ``like``'s shape (``order`` passed only when it is not "C": Dask's
    reshape takes none)."""
    if order == "C":
        return np.reshape(g, _shape(like))
    return np.reshape(g, _shape(like), order=order)


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
    return _expand(g, x, axis, keepdims) * mask / count


def real_only(x, what):
    """``x``, or a TypeError naming rule ``what`` when ``x`` is complex: rules written for
    real values only read their arguments through it (``registry.real_only``)."""
    if _is_complex(x):
        raise TypeError(f"s2sgrad: the derivative of {what} is defined for real values only, "
                        "and it was reached by a complex value; take np.real/np.abs first")
    return x


def var_adjoint(g, x, axis, ddof, keepdims):
    """Adjoint of ``var(x, axis, ddof)``."""
    n = _count(x, axis)
    centred = x - np.mean(x, axis=axis, keepdims=True)
    # equal values (a broadcast scalar, one element) deviate by exactly 0 from their mean,
    # though the rounded mean may differ from them in the last bit
    spread = np.max(x, axis=axis, keepdims=True) - np.min(x, axis=axis, keepdims=True)
    centred = np.where(spread == 0, 0.0, centred)
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


def abs_slope(x):
    """The derivative of ``abs`` at ``x``: ``sign(x)`` for real ``x``, ``conj(x) / |x|``
    for complex ``x`` (0 at 0, as autograd and JAX)."""
    if _is_complex(x):
        return ratio_or_zero(np.conj(x), np.abs(x))
    return np.sign(x)


def real_adjoint(g, x):
    """Adjoint of ``np.real(x)``: ``g`` (complex-typed when ``x`` is complex, so later
    contributions can be added to it in place)."""
    if _is_complex(x):
        return np.real(g) + 0j
    return g


def imag_adjoint(g, x):
    """Adjoint of ``np.imag(x)``: ``-1j * g`` for complex ``x`` (the gradient of the
    imaginary part, in autograd's convention), 0 for real ``x``."""
    if _is_complex(x):
        return -1j * np.real(g)
    return 0.0 * np.real(g) + zeros_like(x)


def angle_slope(x, deg):
    """``d angle(x)`` is ``Re(angle_slope(x) * dx)``: ``conj(1j * x) / |x|**2``
    (0 at 0 and for real ``x``), times 180 / pi with ``deg``."""
    if not _is_complex(x):
        return zeros_like(x)
    out = ratio_or_zero(np.conj(1j * x), np.real(x * np.conj(x)))
    return out * (180.0 / np.pi) if deg else out


def vdot_left(g, a, b):
    """Adjoint of ``a`` in ``np.vdot(a, b) = sum(conj(a) * b)``: ``conj(g * b)``."""
    return real_if_real(np.reshape(np.conj(g * b), np.shape(a)), a)


def vdot_right(g, a, b):
    """Adjoint of ``b`` in ``np.vdot(a, b)``: ``g * conj(a)``."""
    return real_if_real(np.reshape(g * np.conj(a), np.shape(b)), b)


def safe_log(x, power=None):
    """log(x) for x > 0, 0 at x == 0 (the limit of x**y * log(x) for y > 0), and NaN for
    x < 0, where a real x**y has no derivative in y (as in NumPy, autograd and JAX). For a
    complex ``x`` or a complex result ``power`` of ``x ** y``: the principal log, 0 at 0."""
    if _is_complex(x) or _is_complex(power):
        return np.log(np.where(np.equal(x, 0), 1.0, x) + 0j)
    return np.log(np.where(np.greater(x, 0), x, np.where(np.less(x, 0), np.nan, 1.0)))


def safe_log_slope(x, power=None):
    """The derivative of :func:`safe_log` in ``x``: ``1 / x`` where the log is taken, else 0."""
    if _is_complex(x) or _is_complex(power):
        return ratio_or_zero(1.0, x + 0j)
    return np.where(np.greater(x, 0), 1.0 / np.where(np.greater(x, 0), x, 1.0), 0.0)


# -- products -------------------------------------------------------------------------------


def matmul_left(g, a, b):
    """Adjoint of ``a`` in ``a @ b``."""
    a, b = _sequence_array(a), _sequence_array(b)
    if type(a) is np.ndarray and type(b) is np.ndarray and b.ndim == 2 and a.ndim in (1, 2):
        out = g @ b.T if a.ndim == 2 else b @ g
        return out.real if out.dtype.kind == "c" and a.dtype.kind != "c" else out
    na, nb = np.ndim(a), np.ndim(b)
    if na == 0 or nb == 0:
        return unbroadcast(g * b, a)
    if nb == 1:
        return unbroadcast(g[..., None] * b, a) if na > 1 else real_if_real(g * b, a)
    if na == 1:
        return unbroadcast(np.squeeze(g[..., None, :] @ np.swapaxes(b, -1, -2), -2), a)
    return unbroadcast(g @ np.swapaxes(b, -1, -2), a)


def matmul_right(g, a, b):
    """Adjoint of ``b`` in ``a @ b``."""
    a, b = _sequence_array(a), _sequence_array(b)
    if type(a) is np.ndarray and type(b) is np.ndarray and a.ndim == 2 and b.ndim in (1, 2):
        out = a.T @ g
        return out.real if out.dtype.kind == "c" and b.dtype.kind != "c" else out
    na, nb = np.ndim(a), np.ndim(b)
    if na == 0 or nb == 0:
        return unbroadcast(g * a, b)
    if na == 1:
        if nb == 1:
            return real_if_real(g * a, b)
        return unbroadcast(a[..., None] * g[..., None, :], b)
    if nb == 1:  # new axes by indexing: Dask cannot reshape (expand_dims) unknown sizes
        return unbroadcast(np.squeeze(np.swapaxes(a, -1, -2) @ g[..., None], -1), b)
    return unbroadcast(np.swapaxes(a, -1, -2) @ g, b)


def _dot_axes(a, b):
    """``np.dot`` of N-d arrays as ``np.tensordot``: a's last axis with b's second-to-last."""
    return ([np.ndim(a) - 1], [max(np.ndim(b) - 2, 0)])


def _dot_nd(a, b) -> bool:
    return np.ndim(a) > 0 and np.ndim(b) > 0 and (np.ndim(a) > 2 or np.ndim(b) > 2)


def dot_left(g, a, b):
    if _dot_nd(a, b):
        return _tensordot_adjoint(g, a, b, _dot_axes(a, b), 0)
    return matmul_left(g, a, b)


def dot_right(g, a, b):
    if _dot_nd(a, b):
        return _tensordot_adjoint(g, a, b, _dot_axes(a, b), 1)
    return matmul_right(g, a, b)


def _sequence_array(x):
    """A list or tuple operand of a product as the array NumPy made of it."""
    return np.asarray(x) if isinstance(x, (list, tuple)) else x


def outer_left(g, a, b):
    return real_if_real(np.reshape(g @ np.ravel(b), np.shape(a)), a)


def outer_right(g, a, b):
    return real_if_real(np.reshape(np.ravel(a) @ g, np.shape(b)), b)


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
    return real_if_real(_inner_adjoint(g, a, b, 0), a)


def inner_right(g, a, b):
    return real_if_real(_inner_adjoint(g, a, b, 1), b)


def tensordot_left(g, a, b, axes):
    return real_if_real(_tensordot_adjoint(g, a, b, axes, 0), a)


def tensordot_right(g, a, b, axes):
    return real_if_real(_tensordot_adjoint(g, a, b, axes, 1), b)


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
        out[positions[i]] = real_if_real(part, x)
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


def _parts_like(g, parts, arrays):
    """Adjoint ``parts`` of ``arrays`` split from ``g``: real for the real arrays."""
    if _is_complex(g):
        return [real_if_real(p, a) for p, a in zip(parts, arrays)]
    return parts


def concatenate_adjoint(g, arrays, axis):
    if axis is None:
        sizes = [_size(a) for a in arrays]
        return _parts_like(g, [np.reshape(p, np.shape(a)) for p, a in
                               zip(_split(np.ravel(g), sizes, 0), arrays)], arrays)
    sizes = [np.shape(a)[axis] for a in arrays]
    return _parts_like(g, _split(g, sizes, axis), arrays)


def stack_adjoint(g, arrays, axis):
    return _parts_like(g, [np.take(g, i, axis=axis) for i in range(len(arrays))], arrays)


def hstack_adjoint(g, arrays):
    if all(np.ndim(a) <= 1 for a in arrays):
        sizes = [_size(a) for a in arrays]
        return _parts_like(g, [np.reshape(p, np.shape(a)) for p, a in
                               zip(_split(g, sizes, 0), arrays)], arrays)
    return _parts_like(g, _split(g, [np.shape(a)[1] for a in arrays], 1), arrays)


def vstack_adjoint(g, arrays):
    sizes = [np.shape(np.atleast_2d(a))[0] for a in arrays]
    return _parts_like(g, [np.reshape(p, np.shape(a)) for p, a in
                           zip(_split(g, sizes, 0), arrays)], arrays)


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
        idx = np.ravel(indices) if _lazy(indices) else np.ravel(np.asarray(indices))
        if axis is None:
            if _lazy(x) and len(_shape(x)) > 1:
                _lacking("the derivative of np.take without an axis of a Dask array (Dask "
                         "takes along axis 0 there, NumPy from the flattened array)",
                         "NumPy's semantics", g, "pass axis= to np.take")
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
    if _norm_general(ord, axis, x):  # issue 12: every other ord
        return _expand(g, x, axis, keepdims) * norm_slope(x, y, ord, axis, keepdims)
    _check_norm(ord, axis, x)
    if _is_complex(x):
        g, x = np.real(g), np.conj(x)  # d|x| = Re(conj(x) dx) / |x|
    if axis is None and not keepdims:
        return g * ratio_or_zero(x, y)
    return _expand(g, x, axis, keepdims) * ratio_or_zero(x, _expand(y, x, axis, keepdims))


def norm_tangent(tx, y, x, ord, axis, keepdims):
    """Tangent of ``y = np.linalg.norm(x, ord, axis, keepdims)`` (2-norm, Frobenius)."""
    if _norm_general(ord, axis, x):  # issue 12: every other ord
        return np.sum(norm_slope(x, y, ord, axis, keepdims) * tx, axis=axis, keepdims=keepdims)
    _check_norm(ord, axis, x)
    if _is_complex(x) or _is_complex(tx):
        return ratio_or_zero(np.real(np.sum(np.conj(x) * tx, axis=axis, keepdims=keepdims)), y)
    return ratio_or_zero(np.sum(x * tx, axis=axis, keepdims=keepdims), y)


def det_adjoint(g, y, a):
    return (g * y)[..., None, None] * np.swapaxes(np.linalg.inv(a), -1, -2)


def solve_adjoint(g, a):
    return np.linalg.solve(np.swapaxes(a, -1, -2), g)


def _mT(x):
    return np.swapaxes(x, -1, -2)


def eigh_gaps(w):
    """``F[..., i, j] = 1 / (w[j] - w[i])`` off the diagonal, 0 on it (eigh's derivative)."""
    diff = w[..., None, :] - w[..., :, None]
    eye = np.eye(np.shape(w)[-1], dtype=bool)
    return np.where(eye, 0.0, 1.0 / np.where(eye, 1.0, diff))


def eigh_adjoint(gw, gv, w, v, gaps):
    """The adjoint of the Hermitian matrix that ``np.linalg.eigh`` factors as
    ``v diag(w) v^H``, from the eigenvalues' and eigenvectors' adjoints (0.0: none)."""
    out = 0.0
    if not _is_zero(gw):
        out = (np.conj(v) * np.expand_dims(np.real(gw), -2)) @ _mT(v)  # eigenvalues are real
    if not _is_zero(gv):
        out = out + np.conj(v) @ (gaps * (_mT(v) @ gv)) @ _mT(v)
    return out


def eigh_adjoint_dv(gw, gv, v, gaps, tv):
    """Derivative of ``eigh_adjoint(gw, gv, w, v, gaps)`` in ``v`` along ``tv``."""
    out = 0.0
    if not _is_zero(gw):
        g = np.expand_dims(np.real(gw), -2)
        out = (np.conj(tv) * g) @ _mT(v) + (np.conj(v) * g) @ _mT(tv)
    if not _is_zero(gv):
        inner = gaps * (_mT(v) @ gv)
        out = out + np.conj(tv) @ inner @ _mT(v) + np.conj(v) @ (
            gaps * (_mT(tv) @ gv)) @ _mT(v) + np.conj(v) @ inner @ _mT(tv)
    return out


def eigh_tangent_dv(ta, v, gaps, UPLO, tv, tgaps):
    """Derivative of ``eigh_tangent(ta, w, v, gaps, UPLO)`` in ``v`` and ``gaps``."""
    a = eigh_input_tangent(ta, UPLO)
    vh = np.conj(_mT(v))
    m = vh @ a @ v
    dm = np.conj(_mT(tv)) @ a @ v + vh @ a @ tv
    return [np.real(np.diagonal(dm, axis1=-2, axis2=-1)),
            tv @ (gaps * m) + v @ (tgaps * m) + v @ (gaps * dm)]


def eigh_triangle(m, a, UPLO):
    """Adjoint ``m`` of the Hermitian matrix that eigh reads from triangle ``UPLO`` of
    ``a``: the real diagonal and ``m + m^H`` on the strict triangle, 0 on the other."""
    tri = np.tril if UPLO == "L" else np.triu
    k = -1 if UPLO == "L" else 1
    if _is_zero(m):
        return zeros_like(a)
    diag = np.real(np.diagonal(m, axis1=-2, axis2=-1))
    out = tri(m + np.conj(_mT(m)), k) + diag[..., None] * np.eye(np.shape(m)[-1])
    return real_if_real(out, a)


def eigh_input_tangent(ta, UPLO):
    """The tangent of the Hermitian matrix eigh reads from triangle ``UPLO`` of ``a``."""
    tri = np.tril if UPLO == "L" else np.triu
    k = -1 if UPLO == "L" else 1
    low = tri(ta, k)
    diag = np.real(np.diagonal(ta, axis1=-2, axis2=-1))
    return low + np.conj(_mT(low)) + diag[..., None] * np.eye(np.shape(ta)[-1])


def eigh_tangent(ta, w, v, gaps, UPLO):
    """``(dw, dv)`` of ``np.linalg.eigh`` along ``ta`` (eigenvectors with
    ``v^H dv`` of zero diagonal)."""
    m = np.conj(_mT(v)) @ eigh_input_tangent(ta, UPLO) @ v
    dw = np.real(np.diagonal(m, axis1=-2, axis2=-1))
    return [dw, v @ (gaps * m)]


def _svd_factors(a, full_matrices, compute_uv, hermitian):
    if compute_uv or hermitian:
        raise NotImplementedError("s2sgrad: the derivative of np.linalg.svd is implemented "
                                  "for the singular values (compute_uv=False, hermitian=False)"
                                  " only; for the factors, use np.linalg.eigh of a^H a")
    u, _, vh = np.linalg.svd(a, full_matrices=False)
    return u, vh


def svd_values_adjoint(g, a, full_matrices, compute_uv, hermitian):
    """Adjoint of ``np.linalg.svd(a, compute_uv=False)``: ``conj(u diag(g) vh)``, the
    transpose of ``ds = Re(diag(u^H da vh^H))``."""
    u, vh = _svd_factors(a, full_matrices, compute_uv, hermitian)
    return real_if_real(np.conj((u * np.expand_dims(np.real(g), -2)) @ vh), a)


def svd_values_tangent(ta, a, full_matrices, compute_uv, hermitian):
    """Tangent of ``np.linalg.svd(a, compute_uv=False)`` along ``ta``."""
    u, vh = _svd_factors(a, full_matrices, compute_uv, hermitian)
    return np.real(np.sum(np.conj(u) * (ta @ np.conj(_mT(vh))), axis=-2))


def no_second_derivative(ta, what):
    """0.0 for a zero tangent ``ta``, else an error: ``what`` has first derivatives only."""
    if _is_zero(ta):
        return 0.0
    raise NotImplementedError(f"s2sgrad: second derivatives of {what} are not implemented")


# -- numpy.fft: the DFT matrix is symmetric, so a transform's transpose is itself ----------


def _fft_axes(x, s, axes):
    """The transformed axes of ``np.fft.*n(x, s, axes)`` (an int ``s``/``axes``: 1-D)."""
    if isinstance(axes, int):
        axes = (axes,)
    if isinstance(s, int):
        s = (s,)
    if axes is None:
        axes = range(-len(s), 0) if s is not None else range(np.ndim(x))
    return tuple(a % np.ndim(x) for a in axes), s


def _fit(v, shape, axes):
    """``v`` cropped or zero-padded at the end of each of ``axes`` to ``shape``."""
    for a in axes:
        n, m = np.shape(v)[a], shape[a]
        if n > m:
            v = np.take(v, np.arange(m), axis=a)
        elif n < m:
            pad = [(0, 0)] * np.ndim(v)
            pad[a] = (0, m - n)
            v = np.pad(v, pad)
    return v


def _swap_norm(norm):
    """The norm numpy's hfft/ihfft pass to irfft/rfft."""
    return {None: "forward", "backward": "forward", "forward": "backward"}.get(norm, norm)


def fft_adjoint(g, x, s, axes, norm, inverse):
    """Adjoint of ``np.fft.fftn(x, s, axes, norm)`` (``ifftn`` with ``inverse``; fft, ifft,
    fft2, ifft2 alike): the same transform of ``g``, cropped or zero-padded back to ``x``."""
    axes, _ = _fft_axes(x, s, axes)
    out = (np.fft.ifftn if inverse else np.fft.fftn)(g, axes=axes, norm=norm)
    return real_if_real(_fit(out, np.shape(x), axes), x)


def rfft_adjoint(g, x, s, axes, norm):
    """Adjoint of ``np.fft.rfftn(x, s, axes, norm)`` (rfft, rfft2 alike): ``g`` zero-padded
    to the full spectrum on the last axis, transformed by ``fftn``, fitted back to ``x``."""
    axes, s = _fft_axes(x, s, axes)
    last = axes[-1]
    n = s[-1] if s is not None else np.shape(x)[last]
    shape = list(np.shape(g))
    shape[last] = n
    out = np.fft.fftn(_fit(g, shape, (last,)), axes=axes, norm=norm)
    return np.real(_fit(out, np.shape(x), axes))


def irfft_adjoint(g, x, s, axes, norm):
    """Adjoint of ``np.fft.irfftn(x, s, axes, norm)`` (irfft, irfft2 alike): ``ifftn(g)``
    on the half spectrum, doubled where ``x``'s entry also stands for its mirror image (not
    the zero frequency, nor the Nyquist one for an even length), fitted back to ``x``."""
    axes, s = _fft_axes(x, s, axes)
    last = axes[-1]
    n = s[-1] if s is not None else 2 * (np.shape(x)[last] - 1)
    m = n // 2 + 1
    out = np.fft.ifftn(np.real(g), axes=axes, norm=norm)
    out = np.take(out, np.arange(m), axis=last)
    weights = np.full(m, 2.0)
    weights[0] = 1.0
    if n % 2 == 0:
        weights[-1] = 1.0
    shape = [1] * np.ndim(out)
    shape[last] = m
    return real_if_real(_fit(out * np.reshape(weights, shape), np.shape(x), axes), x)


def hfft_adjoint(g, x, n, axis, norm):
    """Adjoint of ``np.fft.hfft(x, n, axis, norm)`` = ``irfft(conj(x), n, axis, swapped)``."""
    return real_if_real(np.conj(irfft_adjoint(g, x, n, axis, _swap_norm(norm))), x)


def ihfft_adjoint(g, x, n, axis, norm):
    """Adjoint of ``np.fft.ihfft(x, n, axis, norm)`` = ``conj(rfft(x, n, axis, swapped))``."""
    return rfft_adjoint(np.conj(g), x, n, axis, _swap_norm(norm))


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
    t = type(value)
    if seed is None and (t is float or t is np.float64):
        return 1.0  # the common case first: a Python or NumPy float loss
    if seed is not None:
        if not isinstance(value, (tuple, list, dict)) and not isinstance(
                seed, (tuple, list, dict)) and _shape(seed) != _shape(value) and not (
                _size(seed) == 1 and _size(value) == 1):
            raise ValueError(f"vjp: the cotangent has shape {tuple(_shape(seed) or ())} but the "
                             f"function's output has shape {tuple(_shape(value) or ())}"
                             f"{_user_line()}; pass a cotangent shaped like the output")
        if _is_complex(value) and not _is_complex(seed) and hasattr(seed, "dtype"):
            return seed + 0j  # adjoints of complex values are complex arrays
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
    if _is_complex(value):
        raise ValueError(f"the differentiated function must return a real scalar{where}, but "
                         "it returned a complex value; take np.real or np.abs of it, or use "
                         "s2sgrad.vjp(f, primals, 1.0) (f'(z) for a holomorphic f)")
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


def column_shape(x):
    """The shape ``np.c_[..., x, ...]`` gives item ``x``: at least 2-D, a 1-D ``x`` as a
    column."""
    shape = np.shape(x)
    if len(shape) >= 2:
        return shape
    return (shape[0], 1) if shape else (1, 1)


def sequence_length(seq):
    """``len(seq)`` of something a for loop iterates by position (never a dict)."""
    if isinstance(seq, dict):
        _unsupported("a for loop over a dict that s2sgrad could not tell was a dict when "
                     "transforming", "write `for k in d.keys()`, `for v in d.values()` or "
                     "`for k, v in d.items()`")
    return len(seq)


# -- issue 12: helpers of the rule catalogue (SciPy, numpy.linalg, ...) ---------------------


def no_derivative(what):
    """Raised where a rule has no derivative in an argument that is differentiated."""
    raise NotImplementedError(f"s2sgrad: {what}; wrap that argument in "
                              "s2sgrad.stop_gradient(...) if no gradient should flow through it")


def lse_weights(a, b, y, axis, keepdims, return_sign):
    """``b * exp(a - y)`` for ``y = logsumexp(a, axis, b, keepdims)`` (``b`` None: 1):
    the derivative of ``y`` in ``a``."""
    if return_sign:
        raise NotImplementedError("s2sgrad: the derivative of scipy.special.logsumexp with "
                                  "return_sign=True is not implemented")
    w = np.exp(a - _expand(y, a, axis, keepdims))
    return w if b is None else w * b


def triangular_part(m, lower, unit_diagonal):
    """The triangle of ``m`` that ``scipy.linalg.solve_triangular`` reads (no diagonal
    with ``unit_diagonal``)."""
    k = 1 if unit_diagonal else 0
    return np.tril(m, -k) if lower else np.triu(m, k)


def _transposed(trans) -> bool:
    return trans in (1, 2, "T", "C")


def triangular_matmul(ta, y, trans, lower, unit_diagonal):
    """``op(triangle of ta) @ y`` for ``solve_triangular(a, b, trans, lower, ...)``."""
    m = triangular_part(ta, lower, unit_diagonal)
    return (np.swapaxes(m, -1, -2) if _transposed(trans) else m) @ y


def triangular_solve(a, b, trans, lower, unit_diagonal):
    """``solve_triangular(a, b, trans, lower, unit_diagonal)``."""
    import scipy.linalg

    return scipy.linalg.solve_triangular(a, b, trans=1 if _transposed(trans) else 0,
                                         lower=lower, unit_diagonal=unit_diagonal)


def triangular_solve_adjoint(g, a, trans, lower, unit_diagonal):
    """``op(a)^-T g``: the adjoint of ``b`` in ``solve_triangular(a, b, trans, ...)``."""
    return triangular_solve(a, g, 0 if _transposed(trans) else 1, lower, unit_diagonal)


def triangular_outer(gb, y, trans, lower, unit_diagonal):
    """``triangle of gb @ y^T`` (``y @ gb^T`` with ``trans``), the adjoint of ``a``
    (negated) in ``solve_triangular``; 1-d ``b`` is a column."""
    if np.ndim(y) == np.ndim(gb) and np.ndim(y) == 1:
        gb, y = gb[:, None], y[:, None]
    m = y @ np.swapaxes(gb, -1, -2) if _transposed(trans) else gb @ np.swapaxes(y, -1, -2)
    return triangular_part(m, lower, unit_diagonal)


def flip_trans(trans):
    """``trans`` of the transposed triangular operator (0 <-> 1)."""
    return 0 if _transposed(trans) else 1


def lower_symmetric(m, upper):
    """The symmetric matrix that the lower (``upper``: upper) triangle of ``m`` stands for."""
    if upper:
        return np.triu(m) + np.swapaxes(np.triu(m, 1), -1, -2)
    return np.tril(m) + np.swapaxes(np.tril(m, -1), -1, -2)


def lower_symmetric_adjoint(g, upper):
    """Adjoint of :func:`lower_symmetric`: the triangle read, off-diagonal entries twice."""
    both = g + np.swapaxes(g, -1, -2)
    diag = np.triu(np.tril(g))
    return (np.triu(both, 1) if upper else np.tril(both, -1)) + diag


def diag_embed(v):
    """Diagonal matrices with diagonals ``v[..., i]`` (``0.0`` stays zero)."""
    if _is_zero(v):
        return 0.0
    return np.expand_dims(v, -1) * np.eye(np.shape(v)[-1])


def eigen_gaps(w):
    """``1 / (w[j] - w[i])`` at ``[..., i, j]``, 0 on the diagonal (eigenvector derivatives)."""
    gaps = np.expand_dims(w, -2) - np.expand_dims(w, -1)
    eye = np.eye(np.shape(w)[-1], dtype=bool)
    return np.where(eye, 0.0, 1.0 / np.where(eye, 1.0, gaps))


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
    return [np.reshape(p, np.shape(a)) for p, a in zip(
        _split(g, widths, 1), tup)]


def dstack_adjoint(g, tup):
    """Adjoint of ``np.dstack(tup)``."""
    depths = [np.shape(np.atleast_3d(a))[2] for a in tup]
    return [np.reshape(p, np.shape(a)) for p, a in zip(
        _split(g, depths, 2), tup)]


def split_adjoint(g, ary, indices_or_sections, axis):
    """Adjoint of ``np.split``/``array_split`` (and hsplit, vsplit, dsplit through
    ``axis``): the pieces' adjoints joined, zero for unused pieces."""
    pieces = np.array_split(np.zeros_like(ary, dtype=np.result_type(ary, 1.0)),
                            indices_or_sections, axis=axis)
    parts = [p if _is_zero(gi) else np.zeros_like(p) + gi for p, gi in zip(pieces, g)]
    return np.concatenate(parts, axis=axis)


def hsplit_axis(ary):
    """The axis ``np.hsplit`` splits along."""
    return 1 if np.ndim(ary) > 1 else 0


def kron_parts(g, a, b):
    """``g`` (shaped like ``np.kron(a, b)``) reshaped to interleaved axes ``(a0, b0, a1, ...)``
    with ``a`` and ``b`` brought to the same number of dimensions."""
    nd = max(np.ndim(a), np.ndim(b))
    sa = (1,) * (nd - np.ndim(a)) + tuple(np.shape(a))
    sb = (1,) * (nd - np.ndim(b)) + tuple(np.shape(b))
    return np.reshape(g, [n for pair in zip(sa, sb) for n in pair]), sa, sb


def kron_left(g, a, b):
    parts, sa, sb = kron_parts(g, a, b)
    nd = len(sa)
    out = np.tensordot(parts, np.reshape(b, sb), axes=(list(range(1, 2 * nd, 2)),
                                                      list(range(nd))))
    return np.reshape(out, np.shape(a))


def kron_right(g, a, b):
    parts, sa, sb = kron_parts(g, a, b)
    nd = len(sa)
    out = np.tensordot(parts, np.reshape(a, sa), axes=(list(range(0, 2 * nd, 2)),
                                                      list(range(nd))))
    return np.reshape(out, np.shape(b))


def cross_left(g, a, b):
    """Adjoint of ``a`` in ``np.cross(a, b)`` (vectors along the last axis)."""
    if np.shape(a)[-1] == 2 and np.shape(b)[-1] == 2:
        g = np.expand_dims(g, -1)
        return unbroadcast(np.concatenate([g * b[..., 1:2], -g * b[..., 0:1]], axis=-1), a)
    if np.shape(a)[-1] == 2 or np.shape(b)[-1] == 2:
        raise NotImplementedError("s2sgrad: the derivative of np.cross of a 2-vector and a "
                                  "3-vector is not implemented; pad the 2-vector with a 0")
    return unbroadcast(np.cross(b, g), a)


def cross_right(g, a, b):
    """Adjoint of ``b`` in ``np.cross(a, b)``."""
    if np.shape(a)[-1] == 2 and np.shape(b)[-1] == 2:
        g = np.expand_dims(g, -1)
        return unbroadcast(np.concatenate([-g * a[..., 1:2], g * a[..., 0:1]], axis=-1), b)
    if np.shape(a)[-1] == 2 or np.shape(b)[-1] == 2:
        raise NotImplementedError("s2sgrad: the derivative of np.cross of a 2-vector and a "
                                  "3-vector is not implemented; pad the 2-vector with a 0")
    return unbroadcast(np.cross(g, a), b)


def take_along_axis_adjoint(g, arr, indices, axis):
    """Adjoint of ``np.take_along_axis(arr, indices, axis)`` (repeated indices add up)."""
    out = np.zeros(np.shape(arr), dtype=np.result_type(g, 1.0))
    if axis is None:
        np.add.at(out.reshape(-1), np.ravel(indices), np.ravel(g))
        return out
    axis = axis % np.ndim(arr)
    shape = np.broadcast_shapes(np.shape(indices), tuple(
        n if i == axis else np.shape(arr)[i] for i, n in enumerate(np.shape(indices))))
    index = [np.broadcast_to(np.reshape(np.arange(n), [-1 if i == j else 1 for j in range(
        len(shape))]), shape) if i != axis else np.broadcast_to(indices, shape)
        for i, n in enumerate(shape)]
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
    none = np.logical_not(np.any(np.broadcast_arrays(*condlist), axis=0)) if len(
        condlist) else np.ones(np.shape(g), dtype=bool)
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


def valid(a):
    """Where ``a`` is not NaN (the entries that nan-reductions use)."""
    return np.logical_not(np.isnan(a))


def nanvar_adjoint(g, x, mask, axis, ddof, keepdims):
    """Adjoint of ``np.nanvar`` (``mask``: the non-NaN entries), linear in ``g`` and ``x``."""
    xv = np.where(mask, x, 0.0)
    count = np.sum(mask, axis=axis, keepdims=True)
    mean = np.sum(xv, axis=axis, keepdims=True) / count
    return np.where(mask, 2.0 * (xv - mean) / (count - ddof) * _expand(g, x, axis, keepdims),
                    0.0)


def average_weights(a, weights, axis, returned):
    """The weights of ``np.average(a, axis, weights)`` broadcastable against ``a``."""
    if returned:
        raise NotImplementedError("s2sgrad: the derivative of np.average(..., returned=True) "
                                  "is not implemented; compute the sum of weights separately")
    if weights is None:
        return np.ones_like(a, dtype=np.result_type(a, 1.0))
    if np.shape(weights) == np.shape(a):
        return weights
    if np.ndim(weights) == 1 and isinstance(axis, (int, np.integer)):
        shape = [1] * np.ndim(a)
        shape[axis] = -1
        return np.reshape(weights, shape)
    raise ValueError("np.average: weights must have the shape of a, or be 1-d along an int "
                     "axis")


def average_weights_adjoint(g, weights, axis):
    """Adjoint of :func:`average_weights` in ``weights``."""
    if np.shape(g) == np.shape(weights):
        return g
    return np.reshape(np.sum(g, axis=tuple(i for i in range(np.ndim(g)) if i != axis % np.ndim(
        g))), np.shape(weights))


def _conv_slice(n, m, mode, correlate):
    """Start and length of ``mode``'s output inside the full convolution (numpy's rules)."""
    full = n + m - 1
    if mode == "full":
        return 0, full
    if mode == "same":
        length, start = max(n, m), (min(n, m) - 1) // 2
        if correlate and n < m:
            start = n - 1 - start
        return start, length
    if mode == "valid":
        return min(n, m) - 1, max(n, m) - min(n, m) + 1
    raise ValueError(f"convolution mode {mode!r}")


def _conv_full(g, n, m, mode, correlate):
    start, length = _conv_slice(n, m, mode, correlate)
    full = np.zeros(n + m - 1, dtype=np.result_type(g, 1.0))
    full[start:start + length] = g
    return full


def convolve_left(g, a, b, mode):
    """Adjoint of ``a`` in ``np.convolve(a, b, mode)``."""
    return np.convolve(_conv_full(g, np.size(a), np.size(b), mode, False), np.flip(b), "valid")


def convolve_right(g, a, b, mode):
    """Adjoint of ``b`` in ``np.convolve(a, b, mode)``."""
    return np.convolve(_conv_full(g, np.size(a), np.size(b), mode, False), np.flip(a), "valid")


def correlate_left(g, a, b, mode):
    """Adjoint of ``a`` in ``np.correlate(a, b, mode)`` (real: ``convolve(a, b[::-1])``)."""
    return np.convolve(_conv_full(g, np.size(a), np.size(b), mode, True), b, "valid")


def correlate_right(g, a, b, mode):
    """Adjoint of ``b`` in ``np.correlate(a, b, mode)``."""
    return np.flip(np.convolve(_conv_full(g, np.size(a), np.size(b), mode, True), np.flip(a),
                               "valid"))


def _gradient_matrix(n, spacing, edge_order):
    """The matrix of ``np.gradient`` along one axis of length ``n``."""
    eye = np.eye(n)
    if spacing is None:
        return np.gradient(eye, axis=0, edge_order=edge_order)
    return np.gradient(eye, spacing, axis=0, edge_order=edge_order)


def gradient_adjoint(g, f, varargs):
    """Adjoint of ``np.gradient(f, *varargs)``: each axis's stencil transposed."""
    nd = np.ndim(f)
    if len(varargs) not in (0, 1, nd):
        raise ValueError("np.gradient: give one spacing, or one per axis")
    grads = [g] if nd == 1 else list(g)
    out = np.zeros(np.shape(f), dtype=np.result_type(f, 1.0))
    for axis, ga in enumerate(grads):
        if _is_zero(ga):
            continue
        spacing = varargs[0] if len(varargs) == 1 else (varargs[axis] if varargs else None)
        m = _gradient_matrix(np.shape(f)[axis], spacing, 1)
        out = out + np.moveaxis(np.tensordot(m, np.moveaxis(ga, axis, 0), axes=(0, 0)), 0,
                                axis)
    return out


def diff_tangent(ta, n, axis, prepend, append, tp, tq):
    """Tangent of ``np.diff(a, n, axis, prepend, append)`` (``None``: not given)."""
    extra = {}
    if prepend is not None:
        extra["prepend"] = tp
    if append is not None:
        extra["append"] = tq
    return np.diff(ta, n, axis, **extra)


def svd_cotangent(g, a, full_matrices, compute_uv, i, like):
    """Item ``i`` (U, S, Vt) of the cotangent of ``np.linalg.svd(a, ...)`` as an array
    shaped like ``like`` (zeros where nothing flows back)."""
    m, n = np.shape(a)[-2:]
    if full_matrices and compute_uv and m != n:
        raise NotImplementedError("s2sgrad: the derivative of np.linalg.svd of a non-square "
                                  "matrix needs full_matrices=False")
    item = part(g, i) if compute_uv else (g if i == 1 else 0.0)
    return np.zeros_like(like) if _is_zero(item) else item


def svd_output(tu, ts, tvt, compute_uv):
    """The tangent of ``np.linalg.svd``'s result: ``(U, S, Vt)`` or ``S``."""
    return (tu, ts, tvt) if compute_uv else ts


def _matrix_powers(a, n):
    out = [np.broadcast_to(np.eye(np.shape(a)[-1]), np.shape(a))]
    for _ in range(n - 1):
        out.append(out[-1] @ a)
    return out


def matrix_power_tangent(ta, a, n):
    """Tangent of ``np.linalg.matrix_power(a, n)``: ``sum_k a^k ta a^(n-1-k)``."""
    if n == 0:
        return np.zeros_like(ta) + np.zeros(np.shape(a))
    if n < 0:
        inv = np.linalg.inv(a)
        return matrix_power_tangent(-(inv @ ta @ inv), inv, -n)
    powers = _matrix_powers(a, n)
    return sum(powers[k] @ ta @ powers[n - 1 - k] for k in range(n))


def _multi_dot_2d(arrays):
    """The operands of ``np.linalg.multi_dot`` as matrices (a 1-d first is a row, a 1-d last
    a column)."""
    mats = list(arrays)
    if np.ndim(mats[0]) == 1:
        mats[0] = np.reshape(mats[0], (1, -1))
    if np.ndim(mats[-1]) == 1:
        mats[-1] = np.reshape(mats[-1], (-1, 1))
    return mats


def _chain(mats, n_rows):
    out = np.eye(n_rows)
    for m in mats:
        out = out @ m
    return out


def multi_dot_adjoint(g, arrays):
    """Adjoints of the operands of ``np.linalg.multi_dot(arrays)``."""
    mats = _multi_dot_2d(arrays)
    g2 = np.reshape(g, (np.shape(mats[0])[0], np.shape(mats[-1])[1]))
    out = []
    for i, x in enumerate(arrays):
        left = _chain(mats[:i], np.shape(mats[0])[0])
        right = _chain(mats[i + 1:], np.shape(mats[i])[1])
        out.append(np.reshape(np.swapaxes(left, -1, -2) @ g2 @ np.swapaxes(right, -1, -2),
                              np.shape(x)))
    return out


def multi_dot_tangent(arrays, tangents):
    """Tangent of ``np.linalg.multi_dot(arrays)``: one term per operand with a tangent."""
    out = 0.0
    for i, ti in enumerate(tangents):
        if _is_zero(ti):
            continue
        args = list(arrays)
        args[i] = ti
        out = out + np.linalg.multi_dot(args)
    return np.zeros_like(np.linalg.multi_dot(arrays)) if _is_zero(out) else out


def qr_cotangent(g, mode, i, like):
    """Item ``i`` (Q, R) of the cotangent of ``np.linalg.qr(a, mode)`` (zeros if none)."""
    if mode != "reduced":
        raise NotImplementedError(f"s2sgrad: the derivative of np.linalg.qr(mode={mode!r}) is "
                                  "not implemented; use mode='reduced'")
    item = part(g, i)
    return np.zeros_like(like) if _is_zero(item) else item


def matrix_power_tangent_da(ta, a, da, n):
    """Derivative of ``matrix_power_tangent(ta, a, n)`` in ``a`` along ``da``."""
    if n == 0:
        return np.zeros_like(ta) + np.zeros(np.shape(a))
    if n < 0:
        inv = np.linalg.inv(a)
        dinv = -(inv @ da @ inv)
        inner = -(inv @ ta @ inv)
        return matrix_power_tangent(-(dinv @ ta @ inv) - inv @ ta @ dinv, inv, -n) + \
            matrix_power_tangent_da(inner, inv, dinv, -n)
    powers = _matrix_powers(a, n)
    out = 0.0
    for k in range(n):
        if k:
            out = out + matrix_power_tangent(da, a, k) @ ta @ powers[n - 1 - k]
        if n - 1 - k:
            out = out + powers[k] @ ta @ matrix_power_tangent(da, a, n - 1 - k)
    return np.zeros_like(ta) + out


def multi_dot_adjoint_dx(g, arrays, tangents):
    """Derivative of ``multi_dot_adjoint(g, arrays)`` in the operands along ``tangents``."""
    out = [0.0] * len(arrays)
    for j, tj in enumerate(tangents):
        if _is_zero(tj):
            continue
        args = list(arrays)
        args[j] = tj
        parts = multi_dot_adjoint(g, args)
        out = [o if i == j else add(o, p) for i, (o, p) in enumerate(zip(out, parts))]
    return [np.zeros_like(x, dtype=np.result_type(x, 1.0)) if _is_zero(o) else o
            for o, x in zip(out, arrays)]


def multi_dot_cross(arrays, tangents, dops):
    """Derivative of ``multi_dot_tangent(arrays, tangents)`` in ``arrays`` along ``dops``."""
    out = 0.0
    for i, ti in enumerate(tangents):
        for j, dj in enumerate(dops):
            if i == j or _is_zero(ti) or _is_zero(dj):
                continue
            args = list(arrays)
            args[i], args[j] = ti, dj
            out = out + np.linalg.multi_dot(args)
    return np.zeros_like(np.linalg.multi_dot(arrays)) if _is_zero(out) else out


_PAD_COPIES = ("constant", "edge", "reflect", "symmetric", "wrap")


def pad_adjoint(g, array, pad_width, mode, constant_values, which):
    """Adjoint of ``np.pad(array, pad_width, mode, constant_values=...)`` in ``array``
    (``which`` 0) or a scalar ``constant_values`` (1), for the modes that copy entries."""
    if mode not in _PAD_COPIES:
        raise NotImplementedError(f"s2sgrad: the derivative of np.pad(mode={mode!r}) is not "
                                  f"implemented; the modes {', '.join(_PAD_COPIES)} are")
    size = _size(array)
    index = np.reshape(np.arange(size), np.shape(array))
    if mode == "constant":
        index = np.pad(index, pad_width, mode="constant", constant_values=-1)
    else:
        index = np.pad(index, pad_width, mode=mode)
    flat, gflat = np.ravel(index), np.ravel(np.broadcast_to(g, np.shape(index)))
    if which == 1:
        if np.ndim(constant_values):
            raise NotImplementedError("s2sgrad: the derivative of np.pad in per-axis "
                                      "constant_values is not implemented; pass one number")
        return np.sum(gflat[flat < 0])
    inside = flat >= 0
    if _lazy(gflat):
        out = np.zeros_like(gflat, shape=(size,))
        add_at(out, np.asarray(flat[inside], like=gflat), gflat[inside])
    else:
        out = np.bincount(flat[inside], weights=gflat[inside], minlength=size)
    return np.reshape(out, np.shape(array))


def pad_tangent(ta, pad_width, mode, tc):
    """Tangent of ``np.pad(array, pad_width, mode, constant_values=c)`` (``tc``: c's)."""
    if mode not in _PAD_COPIES:
        pad_adjoint(ta, ta, pad_width, mode, 0.0, 0)  # raises: the mode has no rule
    if mode == "constant":
        return np.pad(ta, pad_width, mode="constant", constant_values=tc)
    return np.pad(ta, pad_width, mode=mode)


def mvn_residual(x, mean):
    """``x - mean`` for ``multivariate_normal`` (``mean`` None: zero)."""
    return x if mean is None else x - mean


def mvn_cov(cov):
    """The covariance of ``multivariate_normal`` as given (a matrix)."""
    if np.ndim(cov) != 2:
        raise NotImplementedError("s2sgrad: the derivative of scipy.stats.multivariate_normal "
                                  "needs cov as a matrix (give np.diag(...) or an identity)")
    return cov


def mvn_cotangent(g, r):
    """The cotangent of ``multivariate_normal.logpdf`` with one entry per sample
    (SciPy squeezes the output)."""
    return np.reshape(g, np.shape(r)[:-1]) if np.ndim(g) else np.zeros(np.shape(r)[:-1]) + g


def reshaped_as(v, y):
    """``v`` reshaped to the shape of ``y``."""
    return np.reshape(v, np.shape(y))


def _block_upper(a, b, c):
    """``[[a, b], [0, c]]`` over the last two axes."""
    top = np.concatenate([a, b], axis=-1)
    bottom = np.concatenate([np.zeros_like(c + 0.0), c], axis=-1)
    return np.concatenate([top, bottom], axis=-2)


def expm_frechet(a, e):
    """The Frechet derivative of ``scipy.linalg.expm`` at ``a`` along ``e`` (the block
    matrix ``expm([[a, e], [0, a]])``'s upper right block)."""
    import scipy.linalg

    n = np.shape(a)[-1]
    return scipy.linalg.expm(_block_upper(a, e, a))[..., :n, n:]


def expm_frechet_da(a, e, f):
    """Derivative of ``expm_frechet(a, e)`` in ``a`` along ``f``."""
    import scipy.linalg

    n = np.shape(a)[-1]
    x = _block_upper(a, e, a)
    z = _block_upper(f, np.zeros_like(f + 0.0), f)
    return scipy.linalg.expm(_block_upper(x, z, x))[..., :n, 3 * n:]


def sylvester(a, b, q):
    """``x`` with ``a @ x + x @ b = q`` (``scipy.linalg.solve_sylvester``), real only."""
    import scipy.linalg

    if np.iscomplexobj(a) or np.iscomplexobj(b):
        raise NotImplementedError("s2sgrad: the derivative of a complex matrix square root "
                                  "is not implemented")
    return scipy.linalg.solve_sylvester(a, b, q)


def _signal_full(g, a, b, mode):
    """``g`` (the output of ``scipy.signal.convolve(a, b, mode)``) placed in the full output."""
    sa, sb = np.shape(a), np.shape(b)
    full = tuple(n + m - 1 for n, m in zip(sa, sb))
    if mode == "full":
        return g
    if mode == "same":
        starts = [(f - n) // 2 for f, n in zip(full, sa)]
    elif mode == "valid":
        starts = [min(n, m) - 1 for n, m in zip(sa, sb)]
    else:
        raise ValueError(f"convolution mode {mode!r}")
    out = np.zeros(full, dtype=np.result_type(g, 1.0))
    out[tuple(slice(s, s + n) for s, n in zip(starts, np.shape(g)))] = g
    return out


def signal_convolve_left(g, a, b, mode, method):
    """Adjoint of ``a`` in ``scipy.signal.convolve(a, b, mode, method)``."""
    import scipy.signal

    return scipy.signal.correlate(_signal_full(g, a, b, mode), b, "valid", method)


def signal_convolve_right(g, a, b, mode, method):
    """Adjoint of ``b`` in ``scipy.signal.convolve(a, b, mode, method)``."""
    import scipy.signal

    return scipy.signal.correlate(_signal_full(g, a, b, mode), a, "valid", method)


def real_eigenvalues(w):
    """``w`` from ``np.linalg.eig``, checked to be real (complex ones have no rule)."""
    if np.iscomplexobj(w):
        raise NotImplementedError("s2sgrad: the derivative of np.linalg.eig with complex "
                                  "eigenvalues is not implemented (complex numbers are not "
                                  "supported); for a symmetric matrix use np.linalg.eigh")
    return w


def item_or_zeros(g, i, like):
    """Item ``i`` of a container cotangent ``g`` as an array shaped like ``like``."""
    item = part(g, i)
    return np.zeros_like(like) if _is_zero(item) else item


def _norm_matrix(x, axis) -> bool:
    return (axis is None and np.ndim(x) == 2) or (isinstance(axis, (tuple, list)) and
                                                  len(axis) == 2)


def _norm_general(ord, axis, x) -> bool:
    """An ord of ``np.linalg.norm`` other than the 2-norm of vectors and Frobenius."""
    if ord is None or ord == "fro":
        return False
    return not (ord == 2 and not _norm_matrix(x, axis))


def norm_slope(x, y, ord, axis, keepdims):
    """``dy/dx`` of ``y = np.linalg.norm(x, ord, axis, keepdims)`` for the ords other than
    2 (vectors) and Frobenius; ties of max/min split evenly, 0 at 0 (as abs)."""
    if _norm_matrix(x, axis):
        axes = (0, 1) if axis is None else tuple(a % np.ndim(x) for a in axis)
        xm = np.moveaxis(x, axes, (-2, -1))
        if ord in (1, -1, np.inf, -np.inf):
            along = -2 if ord in (1, -1) else -1  # column sums (1) or row sums (inf)
            other = -1 if along == -2 else -2
            sums = np.sum(np.abs(xm), axis=along, keepdims=True)
            best = (np.max if ord > 0 else np.min)(sums, axis=other, keepdims=True)
            mask = sums == best
            slope = np.sign(xm) * (mask / np.sum(mask, axis=other, keepdims=True))
        elif ord in (2, -2, "nuc"):
            u, _, vt = np.linalg.svd(xm, full_matrices=False)
            if ord == "nuc":
                slope = u @ vt
            else:
                i = 0 if ord == 2 else np.shape(vt)[-2] - 1
                slope = u[..., :, i:i + 1] @ vt[..., i:i + 1, :]
        else:
            raise NotImplementedError(f"s2sgrad: the derivative of the matrix norm ord={ord!r}"
                                      " is not implemented")
        return np.moveaxis(slope, (-2, -1), axes)
    yk = _expand(y, x, axis, keepdims)
    if ord in (np.inf, -np.inf):
        mask = np.abs(x) == yk
        return np.sign(x) * mask / np.sum(mask, axis=axis, keepdims=True)
    if ord == 0:
        return np.zeros(np.shape(x))  # a count of nonzeros: piecewise constant
    if ord == 1:
        return np.sign(x)
    p = float(ord)
    return np.sign(x) * ratio_or_zero(np.abs(x) ** (p - 1), yk ** (p - 1))


def norm_slope_dx(x, y, dx, dy, ord, axis, keepdims):
    """Derivative of :func:`norm_slope` along ``dx`` (``dy``: the norm's tangent)."""
    if _norm_matrix(x, axis):
        if ord in (1, -1, np.inf, -np.inf):
            return np.zeros(np.shape(x))
        raise NotImplementedError(f"s2sgrad: second derivatives of the matrix norm ord={ord!r}"
                                  " are not implemented")
    if ord in (np.inf, -np.inf, 0, 1):
        return np.zeros(np.shape(x))
    p = float(ord)
    yk = _expand(y, x, axis, keepdims)
    dyk = _expand(dy, x, axis, keepdims)
    a = np.abs(x)
    return (p - 1) * (ratio_or_zero(a ** (p - 2) * dx, yk ** (p - 1)) - ratio_or_zero(
        np.sign(x) * a ** (p - 1) * dyk, yk ** p))


def norm_adjoint_dx(g, y, x, tx, ty, ord, axis, keepdims):
    """Derivative of ``norm_adjoint(g, y, x, ...)`` in ``x`` along ``tx`` (``ty``: the norm's
    tangent)."""
    if _norm_general(ord, axis, x):
        return _expand(g, x, axis, keepdims) * norm_slope_dx(x, y, tx, ty, ord, axis, keepdims)
    return norm_adjoint(g, y, tx, ord, axis, keepdims) - norm_adjoint(
        g * ty / y, y, x, ord, axis, keepdims)


def norm_tangent_dx(tx, y, x, dx, dy, ord, axis, keepdims):
    """Derivative of ``norm_tangent(tx, y, x, ...)`` in ``x`` along ``dx``."""
    if _norm_general(ord, axis, x):
        return np.sum(norm_slope_dx(x, y, dx, dy, ord, axis, keepdims) * tx, axis=axis,
                      keepdims=keepdims)
    return norm_tangent(tx, y, dx, ord, axis, keepdims) - norm_tangent(
        tx, y, x, ord, axis, keepdims) * dy / y


def cho_lower(c, lower):
    """The factor ``L`` (``a = L @ L.T``) in ``scipy.linalg.cho_factor``'s ``c``: its lower
    triangle, or the transpose of its upper one."""
    return np.tril(c) if lower else np.swapaxes(np.triu(c), -1, -2)


def cho_from_lower(m, lower):
    """``m`` where ``c`` holds ``L`` (``lower``), else ``m.T`` (the upper factor)."""
    return m if lower else np.swapaxes(m, -1, -2)


def cho_other(m, lower):
    """The triangle of ``c`` that ``cho_factor`` leaves holding ``a``'s entries."""
    return np.triu(m, 1) if lower else np.tril(m, -1)


def pair_first(x):
    """``[x, 0.0]``: the adjoint of a ``(c, lower)`` pair."""
    return [x, 0.0]


def col_outer(a, b):
    """``a @ b.T`` (columns; 1-d arrays are one column)."""
    if np.ndim(a) == 1:
        return np.outer(a, b)
    return a @ np.swapaxes(b, -1, -2)


def _lstsq_check(y, a):
    if np.ndim(a) != 2 or np.ndim(part(y, 2)) or part(y, 2) < np.shape(a)[-1]:
        raise NotImplementedError("s2sgrad: the derivative of np.linalg.lstsq needs a matrix a "
                                  "of full column rank")


def lstsq_cotangent(g, y, a):
    """The cotangent of ``np.linalg.lstsq``'s solution (the other results have no reverse
    rule: a cotangent for them raises)."""
    _lstsq_check(y, a)
    if not (_is_zero(part(g, 1)) or not np.any(part(g, 1))) or not (
            _is_zero(part(g, 3)) or not np.any(part(g, 3))):
        raise NotImplementedError("s2sgrad: the reverse-mode derivative of np.linalg.lstsq's "
                                  "residuals and singular values is not implemented; compute "
                                  "them from the solution")
    return np.zeros_like(part(y, 0)) if _is_zero(part(g, 0)) else part(g, 0)


def lstsq_output(dx, dres, ds, y):
    """The tangent of ``np.linalg.lstsq``'s ``(x, residuals, rank, s)``."""
    res = part(y, 1)
    return (dx, dres if np.size(res) else np.zeros_like(res, dtype=float), 0.0, ds)
