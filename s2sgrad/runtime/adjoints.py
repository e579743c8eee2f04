"""Adjoint arithmetic on values and containers: sums, zeros, in-place
accumulation (``add_at``), and giving a gradient its input's type.
"""

from __future__ import annotations

import numpy as np

from .lazy import LazySweep, _mask_add, _numpy_buffer, _scatter_add
from .places import _lacking, _unsupported
from .saves import Absent
from .values import (
    _dataclass_fields,
    _describe,
    _is_basic_index,
    _is_complex,
    _is_zero,
    _lazy,
    _rebuild_dataclass,
    _same_length,
    _shape,
    _structure_error,
    real_if_real,
)


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
            # items of container adjoints are replaced, never written into: a zero item
            # takes the other's array as it is (no copy, for the long lists of a loop)
            return [
                y if _is_zero(x) and not isinstance(y, (list, tuple, dict)) else add(x, y)
                for x, y in zip(a, b)
            ]
        if np.ndim(b) == 0 or len(b) != len(a):
            raise _structure_error(a, b)
        return [add(x, b[i]) for i, x in enumerate(a)]
    if isinstance(a, dict):
        if _is_zero(b):
            return dict(a)
        if not isinstance(b, dict):
            raise _structure_error(a, b)
        return {k: add(a[k], b[k]) if k in b else a[k] for k in a} | {
            k: v for k, v in b.items() if k not in a
        }
    if isinstance(b, (list, tuple, dict)):
        return add(b, a)
    return a + b


def zeros_like(x):
    """A zero adjoint shaped like ``x``: arrays get arrays, containers get containers."""
    if x is Absent:
        return x
    if isinstance(x, (list, tuple)):
        return [zeros_like(v) for v in x]
    if isinstance(x, dict):
        return {k: zeros_like(v) for k, v in x.items()}
    if (
        (isinstance(x, (float, int, str, bytes)) and not isinstance(x, np.generic))
        or x is None
        or x is Ellipsis
    ):
        return 0.0  # a number, or a key, label or einsum sublist Ellipsis: no derivative
    if type(x) is not np.ndarray:
        names = _dataclass_fields(x)
        if names is not None and all(hasattr(x, k) for k in names):
            # a dataclass tree: its adjoint is the dict of its fields (not one being made:
            # new_object(Cls) before the __init__ of normalize.dataclass_inits)
            return {k: zeros_like(getattr(x, k)) for k in names}
    if not isinstance(x, (np.ndarray, np.generic, complex)) and not hasattr(x, "__array__"):
        return 0.0  # an object (a function value, a structure) returned with arrays
    if isinstance(x, np.ndarray) and LazySweep.like is not None:
        like = LazySweep.like.get()
        if like is not None:
            # in a derivative of Dask arrays, a NumPy value's adjoint buffer is lazy too,
            # so that the lazy contributions can be added into it in place
            return np.zeros_like(like, shape=x.shape, dtype=_adjoint_dtype(x))
    return np.zeros_like(x, dtype=_adjoint_dtype(x))


def _adjoint_dtype(x):
    """The dtype of ``x``'s adjoint; s2sgrad's error at the user's line for a structured
    (record) array, whose fields have no one dtype."""
    if getattr(getattr(x, "dtype", None), "names", None) is not None:
        _unsupported(
            "a structured (record) array holds a differentiated value: its fields cannot be "
            "differentiated",
            "keep each field in an array of its own, or in a dict, NamedTuple or dataclass "
            "of arrays",
            "NonDifferentiableError",
        )
    return np.result_type(x, 1.0)


def fresh_adjoint(g, x):
    """A private, writable copy of adjoint ``g`` of ``x`` (allocating zeros for 0.0).

    Of a list or dict only the container is new: its items are 0.0 where zero and
    otherwise ``g``'s own (items of container adjoints are replaced by ``add_at``, never
    written into), so a step of a loop over a long list costs no array work for the items
    it does not touch. Readers of such items (``part``) may get 0.0: the generated code
    guards them with ``nonzero``, and ``dense_cotangent`` and ``match_input`` give them
    their primal's shape where user code or the caller sees them.
    """
    if isinstance(x, (list, tuple)) and (
        _is_zero(g) or (isinstance(g, (list, tuple)) and len(g) == len(x))
    ):
        return [0.0] * len(x) if _is_zero(g) else list(g)
    if isinstance(x, dict) and (_is_zero(g) or isinstance(g, dict)):
        zeros = dict.fromkeys(x, 0.0)
        return zeros if _is_zero(g) else zeros | g
    if isinstance(g, (list, tuple, dict)) or isinstance(x, (list, tuple, dict)):
        return add(zeros_like(x), g)
    if _is_zero(g) and not isinstance(x, float):
        return zeros_like(x)
    if (
        isinstance(x, (np.ndarray, np.generic))
        and np.ndim(x) == 0
        and isinstance(g, (float, complex, np.generic))
    ):
        return np.array(g)  # the adjoint of a 0-d value is written into (s[()] += ...)
    if (
        isinstance(g, np.ndarray)
        and LazySweep.like is not None
        and LazySweep.like.get() is not None
    ):
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
    elif isinstance(g, np.generic):
        # the adjoint of a 0-d value computed as a NumPy scalar, which cannot be written
        # into: y[m] of a 0-d y with a boolean mask m, after other uses of y
        raise TypeError(
            "s2sgrad cannot differentiate indexing a 0-d value with a variable index (a "
            "boolean mask) after other uses of that value; write np.where(m, y, 0.0) or "
            "index an array of at least one dimension"
        )
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


def _lazy_add_at(g, index, value):
    """:func:`add_at` on Dask arrays, which have no ``np.add.at``: item assignment only.

    Basic indices (``None`` dropped, as Dask's item assignment wants) are assigned once;
    one integer index array among slices is assigned in rounds, each round holding at
    most one occurrence of every position, so repeated positions accumulate.
    """
    parts = index if isinstance(index, tuple) else (index,)
    arrays = [
        i
        for i, p in enumerate(parts)
        if not (p is None or p is Ellipsis or isinstance(p, (int, slice, np.integer)))
    ]
    if not arrays:
        key = tuple(p for p in parts if p is not None)
        if len(key) != len(parts):
            value = np.reshape(np.broadcast_to(value, _shape(g[index])), _shape(g[key]))
        g[key] = g[key] + value
        return
    k = arrays[0]
    idx = np.asarray(parts[k]) if isinstance(parts[k], list) else parts[k]
    if (
        _lazy(idx)
        and len(arrays) == 1
        and idx.ndim == 1
        and idx.dtype.kind in "iu"
        and all(isinstance(p, slice) for i, p in enumerate(parts) if i != k)
    ):
        _scatter_add(g, parts, k, idx, value)
        return
    if (
        len(parts) == 1
        and getattr(getattr(idx, "dtype", None), "kind", "") == "b"
        and tuple(_shape(idx)) == tuple(_shape(g))
        and len(_shape(g)) > 0
    ):
        _mask_add(g, idx, value)
        return
    if (
        len(arrays) > 1
        or not isinstance(idx, np.ndarray)
        or idx.ndim != 1
        or idx.dtype.kind not in "iu"
        or any(not isinstance(p, slice) for i, p in enumerate(parts) if i != k)
    ):
        what = (
            "a boolean mask"
            if getattr(getattr(idx, "dtype", None), "kind", "") == "b"
            else (
                "this index"
                if isinstance(idx, np.ndarray)
                else f"an index of type {type(idx).__name__}"
            )
        )
        _lacking(
            f"the derivative of indexing with {what}",
            "np.add.at (scatter-add)",
            g,
            "index with one 1-D NumPy integer array (plus slices), or with slices",
        )
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
        key = parts[:k] + (idx[chosen],) + parts[k + 1 :]
        g[key] = g[key] + value[(slice(None),) * k + (chosen,)]


def pop_adjoint(g):
    """Adjoint of the last item appended to a list whose adjoint is ``g`` (a private list
    shaped like the list, see :func:`fresh_adjoint`)."""
    if not isinstance(g, list) or not g:
        raise TypeError(
            "s2sgrad: internal error: the adjoint of a list is out of step with "
            f"the list ({_describe(g)}); please report this program"
        )
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
    names = None if type(x) is np.ndarray else _dataclass_fields(x)
    if names is not None:  # a dataclass: its gradient is of its type (g is a dict or zero)
        if not (_is_zero(g) or isinstance(g, dict)) and type(g) is not type(x):
            raise _structure_error(x, g)
        get = (
            g.get
            if isinstance(g, dict)
            else (lambda k, d: d)
            if _is_zero(g)
            else (lambda k, d: getattr(g, k))
        )
        return _rebuild_dataclass(x, {k: match_input(get(k, 0.0), getattr(x, k)) for k in names})
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
    elif (
        type(g) is not type(x)
        and hasattr(x, "__array_function__")
        and not isinstance(x, np.generic)
    ):
        g = np.zeros_like(x) + g  # e.g. a 0-d CuPy input gets a 0-d CuPy array
    if _lazy(g) and _lazy(x) and g.dtype != x.dtype and x.dtype.kind == "f":
        g = g.astype(x.dtype)  # float32 in, float32 out (lazily)
    return g


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
    raise TypeError(
        f"s2sgrad: internal error: item {i!r} of the adjoint {_describe(g)}; "
        "please report this program"
    )


def display_part(g, key, later):
    """The adjoint of the value under ``key`` in a dict display whose ``later`` keys
    follow it: zero when one of them equals ``key`` (``{1: a, 1.0: b}`` keeps ``b``
    under the first key), else ``part(g, key)``."""
    if key in dict.fromkeys(later):
        return 0.0
    return part(g, key)


def nonzero(g) -> bool:
    """Is adjoint ``g`` more than the 0.0 that stands for "no contribution yet"?"""
    return not (type(g) is float and g == 0.0)


def densify(g, x):
    """``g`` as an array shaped like ``x`` when it is still the scalar zero."""
    if _is_zero(g) and np.ndim(x):
        return zeros_like(x)
    return g


def dense_cotangent(g, y):
    """Adjoint ``g`` of ``y`` with every 0.0 item of its containers (see
    :func:`fresh_adjoint`) an array of zeros shaped like the primal item: what a custom
    ``bwd`` function, written for arrays, receives."""
    if isinstance(y, (list, tuple)):
        if _is_zero(g):
            g = [0.0] * len(y)
        if isinstance(g, (list, tuple)) and len(g) == len(y):
            out = [dense_cotangent(gi, yi) for gi, yi in zip(g, y)]
            return tuple(out) if isinstance(g, tuple) else out
        return g
    if isinstance(y, dict):
        if _is_zero(g):
            g = {}
        if isinstance(g, dict):
            return {k: dense_cotangent(g.get(k, 0.0), v) for k, v in y.items()}
        return g
    return zeros_like(y) if _is_zero(g) and not isinstance(y, float) else g
