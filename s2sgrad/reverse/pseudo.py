"""The pseudo-statements each normal-form statement yields for the adjoint sweep
(``Acc``, ``Kill``, ``Restore``...), in reverse order, before :mod:`.lowering`
turns them into assignments; and the small predicates the reverse modules share.
"""

from __future__ import annotations

from dataclasses import dataclass

import gast

from .. import anno, rules
from ..activity import SCALAR
from ..fresh import is_fresh
from ..syntax import assign, call, clone, const, name, stores_in

# adjoint states while lowering
U, Z, M, L, O = "undefined", "zero", "maybe-zero", "live", "owned"


@dataclass
class Acc:
    """``d[var] += expr``; ``maybe_zero``: expr may be the scalar 0.0 (from a callee)."""

    var: str
    expr: gast.expr
    maybe_zero: bool = False


@dataclass
class AccItem:
    """``d[var][index] += expr`` where ``obj`` is the primal value of ``var``."""

    var: str
    obj: gast.expr
    index: gast.expr
    expr: gast.expr
    basic: bool = False


@dataclass
class ZeroItem:
    """``d[var][index] = 0`` (the slot was overwritten in the primal)."""

    var: str
    obj: gast.expr
    index: gast.expr


@dataclass
class PopItem:
    """``temp = d[var].pop()``: adjoint of the last appended item of list ``var``."""

    var: str
    obj: gast.expr
    temp: str
    value: str | None


@dataclass
class PushItem:
    """``d[var].append(d[value])``: puts back the adjoint of the item ``value = var.pop()``
    took from list ``var`` (0.0 for an item without one), ``obj`` its primal after the pop;
    at ``index`` for ``var.pop(index)``."""

    var: str
    obj: gast.expr
    value: str | None
    index: gast.expr | None = None
    line: int | None = None


@dataclass
class Kill:
    """The adjoint of ``var`` before an assignment to it is zero."""

    var: str


@dataclass
class Block:
    """Statements that run only when ``d[var]`` may be non-zero."""

    var: str
    stmts: list
    primal: str | None = None
    line: int | None = None


@dataclass
class Restore:
    """Put back the value ``var`` had before statement ``key`` (resolved after lowering)."""

    var: str
    key: int
    depth: int


@dataclass
class LoopInfo:
    """What the reverse sweep needs to replay one loop."""

    node: gast.stmt
    depth: int
    target: str | None
    counter: str | None = None


# operators that lists and tuples overload (runtime helpers ``<name>_adjoint``/``_tangent``)
_SEQUENCE_OPS = {gast.Add: "add_or_concat", gast.Mult: "mul_or_repeat"}


def _is_adjoint_ref(node, letter="d") -> bool:
    """Is ``node`` ``d[x]`` of a rule template (with ``letter`` "t": a tangent ``t[x]``)?"""
    return (
        isinstance(node, gast.Subscript)
        and isinstance(node.value, gast.Name)
        and node.value.id == letter
        and isinstance(node.slice, gast.Name)
    )


def _deterministic(value) -> bool:
    if isinstance(
        value, (gast.BinOp, gast.UnaryOp, gast.Compare, gast.Constant, gast.Name, gast.Attribute)
    ):
        return True
    if isinstance(value, gast.Call):
        prim = rules.lookup(anno.get(value, "fn", None))
        return prim is not None and prim.reverse is not None and not is_fresh(value)
    return False


def _index_value(index):
    """An index as an ordinary expression: ``:`` becomes ``slice(None)`` and so on."""
    if isinstance(index, gast.Slice):
        parts = [
            p if p is not None else const(None) for p in (index.lower, index.upper, index.step)
        ]
        return call("slice", *parts)
    if isinstance(index, gast.Tuple):
        return gast.Tuple(elts=[_index_value(e) for e in index.elts], ctx=gast.Load())
    return index


def _basic_index(index, analysis) -> bool:
    if isinstance(index, gast.Tuple):
        return all(_basic_index(e, analysis) for e in index.elts)
    if isinstance(index, gast.Slice):
        return True
    if isinstance(index, gast.Constant):
        # (a str: a dict's key, or a field of a structured array)
        return index.value is None or index.value is Ellipsis or isinstance(index.value, (int, str))
    if isinstance(index, gast.Name):
        return analysis.kinds.get(index.id) == SCALAR
    return False


def _assigned(stmts) -> set[str]:
    return stores_in(gast.Module(body=stmts, type_ignores=[]))


def put_back(helper, lst: str, index, item) -> gast.stmt:
    """``lst.append(item)``, undoing ``lst.pop()``; ``lst = put_back(lst, i, item)`` for
    ``lst.pop(i)`` (an insert, its position from the end counted on the longer list)."""
    if index is None or (isinstance(index, gast.Constant) and index.value == -1):
        return gast.Expr(
            value=call(gast.Attribute(value=name(lst), attr="append", ctx=gast.Load()), item)
        )
    return assign(lst, call(helper("put_back"), name(lst), clone(index), item))
