"""``autograd.misc.const_graph``: the function traced once, then replayed.

The first call runs ``fun`` with its free arguments traced (:mod:`..tracer`: every NumPy
operation and primitive on them is a node) and keeps the graph; later calls evaluate
those nodes again on the new arguments without running ``fun``'s Python code, as
autograd's replay does: a primitive of the program runs again only where it depends on
the free arguments, and Python side effects happen on the first call only.

A replay is only right when ``fun`` computes the same operations for any arguments.
Where the traced values decide something (a comparison, an integer result, an ``if``
on a value) the replay would reuse the first call's decision silently; the first call
raises instead, naming the operations.
"""

from __future__ import annotations

import functools

import numpy as np

from ..boxes import box_type_mappings, isbox, new_box
from ..tracer import DECIDING, Node, _new_trace
from ..util import toposort


class _Step(Node):
    """A traced operation kept for replay: ``fun``, its arguments (plain values), the
    parents and where each parent's value goes (``places``: the argument index, and the
    positions inside a list or tuple argument such as ``np.stack``'s)."""

    __slots__ = ("value", "fun", "args", "kwargs", "parents", "places")

    def __init__(self, value, fun, args, kwargs, parent_argnums, parents):
        self.value, self.fun, self.args, self.kwargs = value, fun, args, kwargs
        self.parents = parents
        self.places = [(i, _positions(args[i], p.value)) for i, p in zip(parent_argnums, parents)]

    def initialize_root(self, value):
        self.value, self.fun, self.parents, self.places = value, None, (), []


def _positions(arg, value):
    if isinstance(arg, (list, tuple)):
        return [k for k, item in enumerate(arg) if item is value]
    return None


def _replay(order, roots, free):
    values = dict(zip(roots, free))
    for node in order:
        if node.fun is None:  # a root: its argument
            continue
        args = list(node.args)
        for (i, positions), parent in zip(node.places, node.parents):
            if positions is None:
                args[i] = values[parent]
            else:
                items = list(args[i])
                for k in positions:
                    items[k] = values[parent]
                args[i] = type(node.args[i])(items)
        values[node] = node.fun(*args, **node.kwargs)
    return values[order[-1]]


def _traceable(x):
    if type(x) not in box_type_mappings or not np.issubdtype(np.result_type(x), np.inexact):
        raise TypeError(
            f"const_graph traces its free arguments, which are floats, complex numbers or "
            f"float or complex arrays, not {type(x).__name__!r}: bind it with "
            "const_graph(fun, *args) instead"
        )
    return x


def const_graph(fun, *args, **kwargs):
    """``fun`` with ``args`` and ``kwargs`` bound in front, traced on its first call and
    replayed on later ones (see the module docstring)."""
    bound = functools.partial(fun, *args, **kwargs)
    recorded: list = []

    @functools.wraps(fun)
    def call(*free):
        if recorded:
            return _replay(*recorded[0], free)
        with _new_trace() as depth:
            roots = [_Step.new_root(x) for x in free]
            boxes = [new_box(_traceable(x), depth, r) for x, r in zip(free, roots)]
            DECIDING[depth] = deciding = []
            try:
                out = bound(*boxes)
            finally:
                del DECIDING[depth]
        if not (isbox(out) and out._trace == depth):
            raise ValueError(
                f"const_graph: the output of {getattr(fun, '__name__', 'fun')} does not depend "
                "on its free arguments (or is not one array or number): nothing to replay"
            )
        if deciding:
            raise TypeError(
                f"const_graph cannot replay {getattr(fun, '__name__', 'fun')}: its values "
                f"decide {sorted(set(deciding))} (comparisons, integers or truth values of "
                "the traced arguments), which a replay would take from the first call; call "
                "the function itself"
            )
        recorded.append((list(toposort(out._node))[::-1], roots))
        return out._value

    return call


__all__ = ["const_graph"]
