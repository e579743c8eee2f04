"""Ravel a tree of tuples, lists and dicts of arrays and scalars into one 1-D array.

    >>> import numpy as np

from ....custom import custom_rule, register_vjp
    >>> flat, unflatten = flatten({"b": np.ones(2), "a": (1.0, np.zeros((1, 2)))})
    >>> flat
    array([1., 0., 0., 1., 1.])
    >>> unflatten(flat)["a"][1].shape
    (1, 2)

Dict entries are read in sorted key order (and rebuilt in their own order); leaves
come back as float arrays of their original shape (0-d arrays for scalars), as
autograd's do.
"""

from __future__ import annotations

import numpy as np

from ....custom import custom_rule, register_vjp


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
    """``(flat, unflatten)``: the leaves of ``value`` as one float vector (complex if a
    leaf is), and the function that rebuilds a tree of the same structure from such a
    vector."""
    parts: list = []
    skeleton = _leaves(value, parts)
    kind = complex if any(map(np.iscomplexobj, parts)) else float  # complex leaves: as autograd
    flat = np.concatenate(parts).astype(kind, copy=False) if parts else np.zeros(0)
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
        return flatten(func(_unflattened(unflatten, vector), *args))[0]

    return flat_func, unflatten, flat_example


def _flatten_fwd(value):
    flat, unflatten = flatten(value)
    return (flat, unflatten), (flat.size, unflatten)


def _flatten_bwd(residuals, g):
    size, unflatten = residuals
    return (_unflattened(unflatten, np.broadcast_to(g[0] * 1.0, (size,))),)


def _unflattened(unflatten, vector):
    """``unflatten(vector)``, linear in ``vector``: flatten's cotangent, differentiated
    again for second derivatives."""
    return unflatten(vector)


def _unflattened_fwd(unflatten, vector):
    return _unflattened(unflatten, vector), None


def _unflattened_bwd(residuals, g):
    return None, flatten(g)[0]


def _unflattened_jvp(primals, tangents):
    unflatten, vector = primals
    dot = None if tangents[1] is None else unflatten(tangents[1])
    return unflatten(vector), dot


def _flatten_jvp(primals, tangents):
    flat, unflatten = flatten(primals[0])
    dot = np.zeros(flat.size) if tangents[0] is None else flatten(tangents[0])[0]
    return (flat, unflatten), (dot, None)


# flatten called inside a differentiated function (an L2 penalty on all weights): the
# vector's cotangent is unflattened into the tree's, its tangent flattened from the tree's
register_vjp(flatten, _flatten_fwd, _flatten_bwd)
custom_rule(flatten).defjvp(_flatten_jvp)
register_vjp(_unflattened, _unflattened_fwd, _unflattened_bwd)
custom_rule(_unflattened).defjvp(_unflattened_jvp)

__all__ = ["flatten", "flatten_func"]
