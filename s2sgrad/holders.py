"""May a value hold (as an item, a field, or the item of an item) an array that is
changed in place later? The cases of :meth:`s2sgrad.validate.Validator._shares` that
build a container or an object from others:

    ys = [x] + [y]     ys[1] is y: a later y[0] = v is seen through ys
    b = Box(y)         b.v is y, where Box.__init__ stores it (aliasing.holds_given)
"""

from __future__ import annotations

import gast

from . import aliasing, anno, rules
from .aliasing import may_alias_arguments


def may_return_given(call, fn) -> bool:
    """May ``call`` (of ``fn``) return an object it is given? A user function may
    (:mod:`s2sgrad.aliasing` reads its returns); a callee that changes a container returns
    copies of it (normalize.changes); a primitive with a rule makes a new value; an
    object made may hold it (:func:`s2sgrad.aliasing.holds_given`)."""
    changing = (
        anno.has(call, "changes")
        or anno.get(call, "returns_changes", False)
        or any(e[0] == "changes" for e in anno.get(call, "spec", None) or ())
    )
    return (
        not changing
        and (
            fn is None
            or (rules.lookup(fn) is None and not isinstance(fn, str) and may_alias_arguments(fn))
        )
    ) or aliasing.holds_given(fn)


def sequence_of(value) -> bool:
    """Is ``value`` a sequence made from others: ``a + b`` or ``a * n`` (of lists or
    tuples: their items are the same objects), ``list(t)`` or ``tuple(t)``?"""
    if isinstance(value, gast.BinOp):
        return isinstance(value.op, (gast.Add, gast.Mult))
    return isinstance(value, gast.Call) and anno.get(value, "fn", None) in (list, tuple)


def holds(checker, value, sources, var, seen=frozenset()) -> bool:
    """May ``value`` (a :func:`sequence_of` others, or one of those) hold the object of a
    name in ``sources``? An operand of ``+`` or ``*`` counts where it is a container
    (``x + 1.0`` of an array is a new array)."""
    if isinstance(value, gast.BinOp) and sequence_of(value):
        operands = (value.left, value.right)
        if isinstance(value.op, gast.Add) and not all(_container(checker, o) for o in operands):
            return False  # a + b joins two sequences; with an array it makes a new array
        return any(
            _container(checker, o) and holds(checker, o, sources, var, seen) for o in operands
        )
    if isinstance(value, gast.Call) and sequence_of(value):
        # list(m) of an array m: its rows, views of m
        return any(
            (
                isinstance(a, gast.Name)
                and a.id in sources
                and a.id not in checker.analysis.containers
            )
            or holds(checker, a, sources, var, seen)
            for a in value.args
        )
    if isinstance(value, gast.Name) and value.id in sources:
        # the items of the list changed are not the list: a copy of it keeps its items;
        # those of a name holding var (a temporary of the normal form) may be var
        return value.id != var
    if isinstance(value, gast.Name) and value.id not in seen:
        if value.id in getattr(checker, "_holders", ()):
            return True
        return any(
            not (isinstance(stmt, gast.Assign) and isinstance(stmt.targets[0], gast.Subscript))
            and holds(checker, bound, sources, var, seen | {value.id})
            for bound, stmt in checker.analysis.defs.get(value.id, [])
        )
    return checker._shares(value, sources, var)


def _container(checker, node) -> bool:
    """May ``node`` be a list or tuple (a display, or a name that may hold one)?"""
    if isinstance(node, (gast.List, gast.Tuple)):
        return True
    if isinstance(node, gast.BinOp):
        return _container(checker, node.left) or _container(checker, node.right)
    return isinstance(node, gast.Name) and node.id in checker.analysis.containers
