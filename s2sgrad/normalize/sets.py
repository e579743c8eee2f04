"""Sets of plain values (indices, names, flags), which carry no derivative:

    if act in {"relu", "tanh"}:          the display as written
    seen = set()
    seen.add(i)                    ->    seen = seen | {i}         (a new set, as for lists:
    seen.discard(i)                ->    seen = seen - {i}          marked as an in-place
    seen.update(more)              ->    seen = seen.union(more)    change, so that another
    for i in seen:                 ->    for i in list(seen):       name for it is refused)

The rewrites are made for locals bound only to new sets (displays, comprehensions,
``set(...)``, ``frozenset(...)``). A loop iterates by position, so it takes the items of a
set it can see is one in Python's order (``list(s)``); a set it cannot see is refused when
the code runs (:func:`s2sgrad.runtime.containers.sequence_length`). A set holding a
differentiated value is refused (activity).
"""

from __future__ import annotations

import gast

from ..syntax import call, name, walk
from .rewrites import _bound_only_to, assign_in_place

SET_OF_DIFFERENTIATED = (
    "a set holding a differentiated value cannot be differentiated (its order follows the "
    "values' hashes)",
    "keep the values in a list or a tuple; a set of plain values (indices, names) is fine",
)

# set method -> the expression of its new set, from the set and the call's arguments
_CHANGES = {
    "add": lambda s, args: gast.BinOp(left=s, op=gast.BitOr(), right=gast.Set(elts=args)),
    "discard": lambda s, args: gast.BinOp(left=s, op=gast.Sub(), right=gast.Set(elts=args)),
    "update": lambda s, args: _method(s, "union", args),
    "difference_update": lambda s, args: _method(s, "difference", args),
    "intersection_update": lambda s, args: _method(s, "intersection", args),
    "symmetric_difference_update": lambda s, args: _method(s, "symmetric_difference", args),
    "clear": lambda s, args: call("set"),
}
_ARITY = {"add": (1,), "discard": (1,), "clear": (0,), "symmetric_difference_update": (1,)}


def _method(s, attr, args):
    return gast.Call(
        func=gast.Attribute(value=s, attr=attr, ctx=gast.Load()), args=args, keywords=[]
    )


def set_names(stmts, params=()) -> set[str]:
    """Local names, not ``params``, bound only to new sets."""
    return _bound_only_to(stmts, (gast.Set, gast.SetComp), ("set", "frozenset"), set(), params)


def is_set(lowering, node) -> bool:
    """Is ``node`` a set display, comprehension, ``set(...)``/``frozenset(...)`` call or a
    local bound only to those?"""
    if isinstance(node, (gast.Set, gast.SetComp)):
        return True
    if isinstance(node, gast.Call):
        return lowering.resolve_call(node) in (set, frozenset)
    return isinstance(node, gast.Name) and node.id in lowering.set_locals


def set_change(lowering, value, stmt) -> bool:
    """Lower ``s.add(v)`` (and the other changes of ``_CHANGES``) of a local set ``s`` as
    the statement ``stmt`` into ``s = <new set>``; False for another call."""
    func = value.func
    if not (
        isinstance(func, gast.Attribute)
        and isinstance(func.value, gast.Name)
        and func.value.id in lowering.set_locals
        and func.attr in _CHANGES
        and not value.keywords
        and not any(isinstance(a, gast.Starred) for a in value.args)
        and len(value.args) in _ARITY.get(func.attr, range(1, len(value.args) + 1))
    ):
        return False
    target = func.value.id
    new = _CHANGES[func.attr](name(target), list(value.args))
    for n in walk(new):
        gast.copy_location(n, stmt)
    assign_in_place(lowering, target, new, stmt, "|=")  # another name for it is refused
    return True


def set_comprehension(node) -> gast.Call:
    """``{f(i) for i in xs}`` as ``set([f(i) for i in xs])``."""
    items = gast.ListComp(elt=node.elt, generators=node.generators)
    return gast.copy_location(call("set", gast.copy_location(items, node)), node)
