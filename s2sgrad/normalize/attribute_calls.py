"""``getattr(obj, "name")`` and the statement ``setattr(obj, "name", v)`` with a constant
name are ``obj.name`` and ``obj.name = v``: Python's own meaning of them, so the lowering
follows the attribute as written out (``getattr(model, "W")[0]``, ``setattr(layer, "b",
b)``). A name made when the code runs (``getattr(self, f"W{i}")``), a default
(``getattr(o, "a", None)``) or a ``getattr`` the module rebinds stays a call.
"""

from __future__ import annotations

import builtins

import gast

from ..syntax import walk
from .tables import store_counts


def attribute_calls(fn: gast.FunctionDef, info) -> None:
    """Rewrite, in place, the constant-name ``getattr`` and ``setattr`` calls of ``fn``."""
    stores = store_counts(fn.body)
    usable = {
        b
        for b in ("getattr", "setattr")
        if not stores.get(b) and info.lookup(b) is getattr(builtins, b)
    }
    if not usable:
        return
    for node in walk(fn):
        for field, value in gast.iter_fields(node):
            if isinstance(value, list):
                value[:] = [_rewritten(v, usable) for v in value]
            elif isinstance(value, gast.AST):
                setattr(node, field, _rewritten(value, usable))


def _rewritten(node, usable: set):
    if "getattr" in usable and isinstance(node, gast.Call) and _named(node, "getattr", 2):
        obj, attr = node.args
        return gast.copy_location(gast.Attribute(value=obj, attr=attr.value, ctx=gast.Load()), node)
    if (
        "setattr" in usable
        and isinstance(node, gast.Expr)
        and isinstance(node.value, gast.Call)
        and _named(node.value, "setattr", 3)
    ):
        obj, attr, value = node.value.args
        target = gast.copy_location(
            gast.Attribute(value=obj, attr=attr.value, ctx=gast.Store()), node
        )
        return gast.copy_location(
            gast.Assign(targets=[target], value=value, type_comment=None), node
        )
    return node


def _named(call, builtin: str, n: int) -> bool:
    """``builtin(a, "name", ...)`` with ``n`` plain arguments, the second a constant
    identifier."""
    return (
        isinstance(call.func, gast.Name)
        and call.func.id == builtin
        and len(call.args) == n
        and not call.keywords
        and not any(isinstance(a, gast.Starred) for a in call.args)
        and isinstance(call.args[1], gast.Constant)
        and isinstance(call.args[1].value, str)
        and call.args[1].value.isidentifier()
    )
