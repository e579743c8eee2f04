"""Ravel a tree of tuples, lists and dicts of arrays and scalars into one 1-D array.

    >>> import numpy as np
    >>> flat, unflatten = flatten({"b": np.ones(2), "a": (1.0, np.zeros((1, 2)))})
    >>> flat
    array([1., 0., 0., 1., 1.])
    >>> unflatten(flat)["a"][1].shape
    (1, 2)

Dict entries are read in sorted key order (and rebuilt in their own order); leaves
come back as float arrays of their original shape (0-d arrays for scalars), as
autograd's do; a tree with a complex leaf flattens into a complex vector.
"""

from __future__ import annotations

import numpy as np


def _leaves(value, out: list) -> object:
    """Append ``value``'s leaves to ``out``; return the tree's skeleton."""
    if isinstance(value, (list, tuple)):
        return (type(value), [_leaves(v, out) for v in value])
    if isinstance(value, dict):
        keys = sorted(value)
        return (dict, keys, [_leaves(value[k], out) for k in keys], list(value))
    arr = np.asarray(value)
    out.append(np.ravel(arr))
    return ("leaf", arr.shape)


def _build(skeleton, flat, start: int):
    kind = skeleton[0]
    if kind == "leaf":
        shape = skeleton[1]
        size = int(np.prod(shape, dtype=int))
        return np.reshape(flat[start:start + size], shape), start + size
    if kind is dict:
        _, keys, parts, order = skeleton
        out = {}
        for k, p in zip(keys, parts):
            out[k], start = _build(p, flat, start)
        return {k: out[k] for k in order}, start
    items = []
    for p in skeleton[1]:
        item, start = _build(p, flat, start)
        items.append(item)
    return kind(items), start


def flatten(value):
    """``(flat, unflatten)``: the leaves of ``value`` as one float vector, and the
    function that rebuilds a tree of the same structure from such a vector."""
    parts: list = []
    skeleton = _leaves(value, parts)
    flat = np.concatenate(parts) if parts else np.zeros(0)
    flat = flat.astype(np.result_type(flat, 1.0), copy=False)  # ints as floats; complex stays
    size = flat.size

    def unflatten(vector):
        vector = np.asarray(vector)
        if vector.shape != (size,):
            raise ValueError(f"unflatten expects a vector of shape ({size},), got "
                             f"{vector.shape}")
        return _build(skeleton, vector, 0)[0]

    return flat, unflatten


def flatten_func(func, example):
    """``(flat_func, unflatten, flat_example)``: ``func`` of a tree as a function of its
    flattened vector, ``flat_func(vector, *args) == flatten(func(unflatten(vector), *args))[0]``."""
    flat_example, unflatten = flatten(example)

    def flat_func(vector, *args):
        return flatten(func(unflatten(vector), *args))[0]

    return flat_func, unflatten, flat_example


__all__ = ["flatten", "flatten_func"]
