"""Trees of argument values and their unit tangents, for Jacobians built from directional
derivatives (forward mode) or from cotangents (reverse mode).

    basis(x)                 ->  unit tangents of x, leaf by leaf, in row-major order
    tree_leaves({"a": [x]})  ->  [(("a", 0), x)]
"""

from __future__ import annotations

import numpy as np

from .errors import GradientArgumentError
from .runtime import _lazy, _size
from .runtime.values import _dataclass_fields, _rebuild_dataclass


def is_tree(x) -> bool:
    """A dict, list, tuple (NamedTuple) or dataclass instance: a tree of values."""
    return isinstance(x, (dict, list, tuple)) or _dataclass_fields(x) is not None


def tree_leaves(x, path=()):
    """``(path, leaf)`` of a dict/list/tuple/dataclass tree in its own order (dicts by
    insertion, dataclasses by field)."""
    names = _dataclass_fields(x)
    if names is not None:
        return [item for k in names for item in tree_leaves(getattr(x, k), path + (k,))]
    if isinstance(x, dict):
        return [item for k, v in x.items() for item in tree_leaves(v, path + (k,))]
    if isinstance(x, (list, tuple)):
        return [item for i, v in enumerate(x) for item in tree_leaves(v, path + (i,))]
    return [(path, x)]


def tree_map(fn, x):
    names = _dataclass_fields(x)
    if names is not None:
        return _rebuild_dataclass(x, {k: tree_map(fn, getattr(x, k)) for k in names})
    if isinstance(x, dict):
        return {k: tree_map(fn, v) for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        items = [tree_map(fn, v) for v in x]
        return type(x)(*items) if hasattr(x, "_fields") else type(x)(items)
    return fn(x)


def tree_set(x, path, value):
    if not path:
        return value
    names = _dataclass_fields(x)
    if names is not None:
        return _rebuild_dataclass(
            x,
            {
                k: tree_set(getattr(x, k), path[1:], value) if k == path[0] else getattr(x, k)
                for k in names
            },
        )
    if isinstance(x, dict):
        return {k: tree_set(v, path[1:], value) if k == path[0] else v for k, v in x.items()}
    items = [tree_set(v, path[1:], value) if i == path[0] else v for i, v in enumerate(x)]
    return type(x)(*items) if hasattr(x, "_fields") else type(x)(items)


def tree_get(x, path):
    for k in path:
        x = getattr(x, k) if _dataclass_fields(x) is not None else x[k]
    return x


def zero_leaf(x):
    if isinstance(x, (float, np.floating)):
        return 0.0
    return np.zeros(np.shape(x), dtype=np.result_type(x, 1.0))


def same_tree_shape(t, p) -> bool:
    if _dataclass_fields(p) is not None:
        return type(t) is type(p) and all(
            same_tree_shape(getattr(t, k), getattr(p, k)) for k in _dataclass_fields(p)
        )
    if isinstance(p, dict):
        return (
            isinstance(t, dict)
            and list(t) == list(p)
            and all(same_tree_shape(t[k], p[k]) for k in p)
        )
    if isinstance(p, (list, tuple)):
        return (
            isinstance(t, (list, tuple))
            and len(t) == len(p)
            and all(same_tree_shape(a, b) for a, b in zip(t, p))
        )
    return not is_tree(t) and np.shape(t) == np.shape(p)


def complex_input(x) -> bool:
    """Is ``x`` complex? A tree with complex leaves is not supported in forward mode."""
    if is_tree(x):
        if any(np.iscomplexobj(leaf) for _, leaf in tree_leaves(x)):
            raise GradientArgumentError(
                "forward-mode derivatives of complex values inside a "
                "dict, list or tuple are not supported; pass the "
                "complex array as an argument of its own"
            )
        return False
    return np.iscomplexobj(x)


def basis(x):
    """Unit tangents of ``x`` in row-major order (of each leaf in turn, for a tree)."""
    if is_tree(x):
        zeros = tree_map(zero_leaf, x)
        for path, leaf in tree_leaves(x):
            for e in basis(leaf):
                yield tree_set(zeros, path, e)
        return
    if isinstance(x, (float, np.floating)):
        yield 1.0
        return
    if isinstance(x, (complex, np.complexfloating)):
        yield 1.0 + 0j
        return
    if isinstance(x, np.ndarray):
        for k in range(x.size):
            e = np.zeros(x.shape, dtype=np.result_type(x, 1.0))
            e.flat[k] = 1.0
            yield e
        return
    if _lazy(x):
        yield from lazy_basis(x)
        return
    raise GradientArgumentError(
        f"forward-mode derivatives need float or float-array arguments, got {type(x).__name__}"
    )


def lazy_basis(x):
    """Unit tangents of a Dask array ``x``, lazy and chunked like it (zeros with one entry
    set by item assignment, so no data is embedded in the graph)."""
    if any(n != n for n in x.shape):
        raise GradientArgumentError(
            "forward-mode derivatives need a Dask array of known "
            f"shape, got shape {x.shape} (unknown chunk sizes, e.g. "
            "after boolean indexing); call x.compute_chunk_sizes() "
            "first"
        )
    for k in range(_size(x)):
        e = np.zeros_like(x, dtype=np.result_type(x, 1.0))
        e[np.unravel_index(k, x.shape)] = 1.0
        yield e


def is_array(x) -> bool:
    """A NumPy or Dask array argument: one basis tangent per entry."""
    return isinstance(x, np.ndarray) or _lazy(x)
