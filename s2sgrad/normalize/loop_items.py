"""A for loop over a value that may be a dict when the code runs, where s2sgrad cannot
tell when transforming (``for k in self.shapes``, a closure variable, an argument given
a global dict): the loop reads by position what :func:`s2sgrad.runtime.loop_items`
returns, a dict's keys (which carry no derivative), any other sequence itself::

    for name in self.shapes:    ->    shapes_items = loop_items(self_shapes)
        ...                           for index in range(0, len(shapes_items), 1):
                                          name = shapes_items[index]
"""

from __future__ import annotations

import inspect

import gast
import numpy as np

from .. import runtime
from ..syntax import assign, name
from .tables import _hint


def positional_items(lowering, node, seq):
    """``seq`` (the atom of the loop's ``node``), or a name bound to ``loop_items(seq)``
    where ``node`` may be a dict (:func:`may_be_dict`)."""
    if isinstance(seq, gast.Name) and seq.id in lowering.lists:
        return seq  # a list the lowering made: a generator's items, a comprehension's
    if not may_be_dict(lowering, node):
        return seq
    items = lowering.fresh(_hint(seq) + "_items" if isinstance(seq, gast.Name) else "items")
    made = lowering.make_call(runtime.loop_items, [seq], [], node)
    lowering.emit(assign(items, made), lowering.current)
    return name(items)


def may_be_dict(lowering, node, seen=()) -> bool:
    """Can ``node``, iterated by position, be a dict when the code runs: not a display,
    a comprehension, an operator's result, a call of NumPy, of a generator or of a
    builtin making a sequence, nor a local bound only to such values, nor a name whose
    kind says it is not one?"""
    if isinstance(node, (gast.List, gast.Tuple, gast.ListComp, gast.Constant)):
        return False
    if isinstance(node, gast.Attribute):
        known = lowering.static_object_kind(node)  # self.layers of a known object: a list
        if isinstance(known, tuple) and known[0] != "dict":
            return False
    if isinstance(node, (gast.GeneratorExp, gast.SetComp)):
        return False
    if isinstance(node, gast.UnaryOp) or (
        isinstance(node, gast.BinOp) and not isinstance(node.op, gast.BitOr)  # a | b
    ):
        return False
    if isinstance(node, gast.Call):
        fn = lowering.resolve_call(node)
        library = (getattr(fn, "__module__", None) or "").split(".")[0]
        if isinstance(fn, np.ufunc) or library in ("numpy", "scipy"):
            return False  # np.tanh(h), np.split(x, 2)
        if inspect.isgeneratorfunction(fn):
            return False  # the items it yields
        return fn not in (list, tuple, sorted, reversed, range, map, filter)
    if isinstance(node, gast.Name):
        values = lowering.single_defs.get(node.id) if node.id not in seen else None
        if values and not any(may_be_dict(lowering, v, seen + (node.id,)) for v in values):
            return False  # h = np.tanh(x @ w); for row in h
        if node.id in lowering.list_locals or node.id in lowering.lists:
            return False
        if node.id in lowering.static_lengths or node.id in lowering.param_lengths:
            return False
        if node.id in lowering.star_params and node.id not in lowering.dicts:
            return False  # *args: a tuple
        held = lowering.exact_type(node)
        if held is not None and not any(issubclass(t, dict) for t in held):
            return False
        if node.id not in lowering.locals:
            return isinstance(lowering.free_value(node), dict)
    return True
