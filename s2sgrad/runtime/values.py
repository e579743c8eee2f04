"""What a value is: the scalar zero adjoint, a lazy (Dask) array, a complex value,
a shape read without computing anything, a basic index.
"""

from __future__ import annotations

import numpy as np

from .places import not_implemented


def _same_length(a, b):
    if len(a) != len(b):
        raise _structure_error(a, b)


def _structure_error(a, b):
    return TypeError(
        f"s2sgrad: internal error: adjoints of different structures meet "
        f"({_describe(a)} and {_describe(b)}); please report this program"
    )


def _describe(x) -> str:
    if isinstance(x, (list, tuple, dict)):
        return f"a {type(x).__name__} of {len(x)} items"
    return f"a value of shape {np.shape(x)}"


def _is_zero(x) -> bool:
    return type(x) is float and x == 0.0


def _lazy(x) -> bool:
    """Is ``x`` a lazy array (a Dask collection), which only ``compute()`` evaluates?"""
    return hasattr(type(x), "__dask_graph__")


def _is_basic_index(index) -> bool:
    if isinstance(index, tuple):
        return all(_is_basic_index(i) for i in index)
    return (
        index is None
        or index is Ellipsis
        or isinstance(index, (int, slice, np.integer))
        or (hasattr(index, "dtype") and index.dtype == bool)
    )


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
    not_implemented(
        "s2sgrad: this derivative needs the size of a Dask array whose "
        "chunk sizes are unknown (after boolean indexing);"
        " call .compute_chunk_sizes() on it first"
    )


def _is_complex(x) -> bool:
    return type(x) is complex or getattr(getattr(x, "dtype", None), "kind", "") == "c"


def real_if_real(g, x):
    """Adjoint ``g`` of ``x``, without its imaginary part when ``x`` is real: the gradient
    of a real value is real (autograd's convention for complex intermediates)."""
    if _is_complex(g) and not _is_complex(x) and not isinstance(x, (list, tuple, dict)):
        return np.real(g)
    return g


# -- fields of NamedTuple and dataclass trees -------------------------------------------------


def _dataclass_fields(x):
    """The field names of a dataclass instance ``x``, or None when ``x`` is none."""
    if not hasattr(type(x), "__dataclass_fields__") or isinstance(x, type):
        return None
    import dataclasses

    return [f.name for f in dataclasses.fields(x)]


def _rebuild_dataclass(x, values: dict):
    """A new instance of ``x``'s dataclass holding ``values`` (its fields, by name), made
    without calling ``__init__``/``__post_init__`` (a gradient need not pass their checks),
    frozen or not."""
    out = object.__new__(type(x))
    for k, v in values.items():
        object.__setattr__(out, k, v)
    return out


def _is_namedtuple(x) -> bool:
    return isinstance(x, tuple) and isinstance(getattr(type(x), "_fields", None), tuple)
