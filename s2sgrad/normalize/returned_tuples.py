"""The length of the tuple a user function always returns: every ``return`` of its own
body (not of a nested def, lambda or class) is a tuple display of that length without
``*items``. ``state = step(*state, k)`` in a loop then binds ``state`` to a tuple of
that length (:func:`s2sgrad.normalize.spread.elementwise_length`, checked when it runs),
and ``f(*step(x))`` passes that many items (``Arguments.call_starred``).

    def leapfrog(q, p, k, dt=0.1):     ->   returned_tuple_length(leapfrog) == 2
        ...
        return q, p
"""

from __future__ import annotations

import inspect
import types
import weakref

import gast

from ..errors import TransformError
from ..parsing import parse_function
from ..syntax import iter_child_nodes

_LENGTHS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # source read once


def returned_tuple_length(fn) -> int | None:
    """The length of every tuple display the plain function ``fn`` returns, or None (a
    generator, a return of anything else, displays of several lengths, no source)."""
    if not isinstance(fn, types.FunctionType) or fn.__code__.co_flags & inspect.CO_GENERATOR:
        return None
    if fn not in _LENGTHS:
        _LENGTHS[fn] = _length(fn)
    return _LENGTHS[fn]


def _length(fn) -> int | None:
    try:
        node, _ = parse_function(fn)
    except TransformError:
        return None
    lengths, todo = set(), list(node.body)
    while todo:
        n = todo.pop()
        if isinstance(n, (gast.FunctionDef, gast.AsyncFunctionDef, gast.Lambda, gast.ClassDef)):
            continue
        if isinstance(n, gast.Return):
            if not isinstance(n.value, gast.Tuple) or any(
                isinstance(e, gast.Starred) for e in n.value.elts
            ):
                return None
            lengths.add(len(n.value.elts))
        todo.extend(iter_child_nodes(n))
    return lengths.pop() if len(lengths) == 1 else None
