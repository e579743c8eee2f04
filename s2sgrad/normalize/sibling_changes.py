"""Local defs that change variables of their function and call each other: ``run()``
calling ``push()``, which appends to the list ``acc`` of the function around both.

Each such def takes the variables it changes as keyword-only parameters and returns
their new contents (:mod:`.changes`); a call of one from the body of another is then a
call site like those of the function itself, rewritten the same way:

    def push(v):                       def push(v, *, acc):
        acc.append(np.sin(v))              acc = list(acc); acc.append(...); return None, acc
    def run(v):                  ->    def run(v, *, acc):
        push(v)                            acc = list(acc)
                                           push_returned = push(v, acc=acc)
                                           acc = list(push_returned[1])
                                           return None, acc
"""

from __future__ import annotations

import gast

from ..errors import UnsupportedSyntaxError
from ..syntax import walk
from .changed import own_nodes


def uses_outside(fn, node, callee, info, callers) -> None:
    """An error where a use of the local def ``node`` (changing variables of ``fn``) is
    in a nested function other than the body of one of ``callers`` (local defs of ``fn``
    changing those variables too, whose calls of it are rewritten)."""
    own = {id(n) for n in own_nodes(fn.body)}
    for d in callers:
        own |= {id(n) for n in own_nodes(d.body)}
    for use in walk(gast.Module(body=fn.body, type_ignores=[])):
        if isinstance(use, gast.Name) and use.id == node.name and id(use) not in own:
            raise info.error(
                use,
                f"{callee.label}() changes the variable {callee.changed_free[0]!r} of "
                f"{fn.name}(); s2sgrad follows that only where {fn.name}() or another "
                "local def of it changing that variable too calls it",
                f"call {callee.label}(...) from {fn.name}(), or pass "
                f"{callee.changed_free[0]!r} in and return it",
                UnsupportedSyntaxError,
            )


def _positional(sites, call) -> None:
    """The changed variables a sibling's call passes by keyword, passed by position: a
    local def calling another receives it as a function value, which takes differentiated
    arguments only by position."""
    d = sites.scope.defs[call.func.id]
    params = [p.id for p in d.args.posonlyargs + d.args.args]
    changed = sites.rewritten[call.func.id]
    given = [k for k in call.keywords if k.arg in changed]
    rest = [k for k in call.keywords if k.arg not in changed]
    if (
        params[len(params) - len(changed) :] != changed
        or rest
        or (len(call.args) != len(params) - len(changed))
    ):
        raise sites.info.error(
            call,
            f"{call.func.id}() changes a variable of the function around it, and this call "
            "in another local def passes its arguments by keyword or leaves some to defaults",
            f"give {call.func.id}() no defaults and pass its arguments by position",
            UnsupportedSyntaxError,
        )
    call.args += [k.value for k in sorted(given, key=lambda k: changed.index(k.arg))]
    call.keywords = []


def rewrite_sibling_calls(sites, node) -> None:
    """The calls of rewritten local defs in the body of the rewritten local def ``node``,
    as call sites (``sites``: the :class:`~.changes._CallSites` of its function)."""

    def calls_one(stmt) -> bool:
        return any(
            isinstance(n, gast.Call)
            and isinstance(n.func, gast.Name)
            and n.func.id in sites.rewritten
            for n in own_nodes([stmt])
        )

    def visit(stmts) -> list:
        out = []
        for s in stmts:
            if isinstance(s, (gast.If, gast.For, gast.While, gast.With)):
                s.body = visit(s.body)
                if not isinstance(s, gast.With):
                    s.orelse = visit(s.orelse)
                header = [getattr(s, f) for f in ("test", "iter") if hasattr(s, f)]
                header += [i.context_expr for i in getattr(s, "items", ())]
                if any(calls_one(gast.Expr(value=h)) for h in header):
                    raise sites.info.error(
                        s,
                        "a call of a local def that changes variables of the function "
                        "around it, in the header of this statement, cannot be followed",
                        "call it on a line of its own before the statement",
                        UnsupportedSyntaxError,
                    )
                out.append(s)
            elif not isinstance(s, (gast.FunctionDef, gast.ClassDef)) and calls_one(s):
                made = sites.statement(s)
                for n in own_nodes(made):
                    if isinstance(n, gast.Call) and getattr(n.func, "id", None) in sites.rewritten:
                        _positional(sites, n)
                out.extend(made)
            else:
                out.append(s)
        return out

    node.body = visit(node.body)
