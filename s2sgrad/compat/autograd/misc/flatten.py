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

``flatten`` can be called inside a differentiated function (``flat, _ =
flatten(params)``): raveling and rebuilding are primitives whose derivatives are each
other (:func:`ravel_tree`, :func:`unravel_tree`), so they differentiate to any order.
"""

from __future__ import annotations

import functools

import numpy as np

from .... import rules
from ....custom import custom_vjp


class Skeleton:
    """The structure of a tree: containers, dict keys (sorted, and in their own order)
    and leaf shapes; ``size`` is the length of its raveled vector."""

    def __init__(self, value):
        self.parts = _shape_of(value)
        self.size = _size(self.parts)

    def __eq__(self, other):
        return isinstance(other, Skeleton) and self.parts == other.parts

    def __hash__(self):
        return hash(repr(self.parts))

    def __repr__(self):
        return f"Skeleton({self.parts!r})"


def _shape_of(value):
    if isinstance(value, (list, tuple)):
        return (type(value), tuple(_shape_of(v) for v in value))
    if isinstance(value, dict):
        keys = sorted(value)
        return (dict, tuple(keys), tuple(_shape_of(value[k]) for k in keys), tuple(value))
    return ("leaf", np.shape(value))


def _size(parts) -> int:
    if parts[0] == "leaf":
        return int(np.prod(parts[1], dtype=int))
    return sum(_size(p) for p in parts[2 if parts[0] is dict else 1])


def _raveled(value) -> list:
    if isinstance(value, (list, tuple)):
        return [leaf for v in value for leaf in _raveled(v)]
    if isinstance(value, dict):
        return [leaf for k in sorted(value) for leaf in _raveled(value[k])]
    return [np.ravel(np.asarray(value))]


def _build(parts, flat, start: int):
    kind = parts[0]
    if kind == "leaf":
        size = int(np.prod(parts[1], dtype=int))
        return np.reshape(flat[start : start + size], parts[1]), start + size
    if kind is dict:
        _, keys, subparts, order = parts
        out = {}
        for k, p in zip(keys, subparts):
            out[k], start = _build(p, flat, start)
        return {k: out[k] for k in order}, start
    items = []
    for p in parts[1]:
        item, start = _build(p, flat, start)
        items.append(item)
    return kind(items), start


@custom_vjp
def ravel_tree(value):
    """The leaves of ``value`` as one vector (float, or complex if a leaf is)."""
    parts = _raveled(value)
    flat = np.concatenate(parts) if parts else np.zeros(0)
    return flat.astype(np.result_type(flat, 1.0), copy=False)


@custom_vjp
def unravel_tree(skeleton, flat):
    """The tree of structure ``skeleton`` whose leaves are the pieces of ``flat``."""
    if np.shape(flat) != (skeleton.size,):
        raise ValueError(
            f"unflatten expects a vector of shape ({skeleton.size},), got {np.shape(flat)}"
        )
    return _build(skeleton.parts, np.asarray(flat), 0)[0]


def skeleton_of(value) -> Skeleton:
    """The :class:`Skeleton` of ``value`` (structure only: it has no derivative)."""
    return Skeleton(value)


rules.nondifferentiable_object(skeleton_of, "skeleton_of")


def _ravel_fwd(value):
    return ravel_tree(value), skeleton_of(value)


def _ravel_bwd(skeleton, g):
    return (unravel_tree(skeleton, g),)


def _ravel_jvp(primals, tangents):
    return ravel_tree(primals[0]), ravel_tree(tangents[0])


def _unravel_fwd(skeleton, flat):
    return unravel_tree(skeleton, flat), skeleton


def _unravel_bwd(skeleton, g):
    return None, ravel_tree(g)


def _unravel_jvp(primals, tangents):
    skeleton, flat = primals
    return unravel_tree(skeleton, flat), unravel_tree(skeleton, tangents[1])


ravel_tree.defvjp(_ravel_fwd, _ravel_bwd).defjvp(_ravel_jvp)
unravel_tree.defvjp(_unravel_fwd, _unravel_bwd).defjvp(_unravel_jvp)


def unflattener(value):
    """``unflatten``: :func:`unravel_tree` with ``value``'s :class:`Skeleton` bound (a
    ``functools.partial``, which s2sgrad differentiates through when it is called inside
    a differentiated function)."""
    return functools.partial(unravel_tree, Skeleton(value))


rules.nondifferentiable_object(unflattener, "unflattener")


def flatten(value):
    """``(flat, unflatten)``: the leaves of ``value`` as one float vector, and the
    function that rebuilds a tree of the same structure from such a vector."""
    return ravel_tree(value), unflattener(value)


def flatten_func(func, example):
    """``(flat_func, unflatten, flat_example)``: ``func`` of a tree as a function of its
    flattened vector, ``flat_func(vector, *args) == flatten(func(unflatten(vector), *args))[0]``."""
    flat_example, unflatten = flatten(example)

    def flat_func(vector, *args):
        return ravel_tree(func(unflatten(vector), *args))

    return flat_func, unflatten, flat_example


__all__ = ["flatten", "flatten_func", "ravel_tree", "unravel_tree", "Skeleton"]
