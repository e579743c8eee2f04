"""Lower ``with`` blocks to calls that enter and leave their managers.

A context manager (``np.errstate``, ``warnings.catch_warnings``, an open file) takes no
part in differentiation: it is made, entered and left in the primal sweep, in the order
the ``with`` statement does, and the adjoint sweep runs outside it, as autograd's does:

    with np.errstate(divide="ignore") as state:        context = np.errstate(divide="ignore")
        y = np.log(x)                           ->     state = enter_context(context)
    return y                                           y = np.log(x)
                                                       exit_context(context)
                                                       return y

A ``return``, ``break`` or ``continue`` that leaves the block leaves its managers first
(a returned value is computed inside the block). When an exception leaves the derivative,
its entry point leaves the managers still open with the exception
(:func:`s2sgrad.runtime.contexts.leave_managers`); a manager that would suppress it is an
error, since the derivative cannot go on after the block. A manager made from a
differentiated value is rejected like any call without a rule that receives one.
"""

from __future__ import annotations

import gast

from .. import anno, runtime
from ..syntax import assign, locate, name, rewrite_blocks


def lower_withs(stmts: list, fresh) -> list:
    """``stmts`` with every ``with`` block under them (in nested functions too) lowered."""
    return rewrite_blocks(
        stmts, lambda stmt: _lower(stmt, fresh) if isinstance(stmt, gast.With) else [stmt]
    )


def _context(helper, context: str) -> gast.Call:
    """``enter_context(context)`` or ``exit_context(context)``, which the lowering makes a
    call of the runtime helper (``Statements.context_call``)."""
    call = gast.Call(func=name(helper.__name__), args=[name(context)], keywords=[])
    anno.set(call, "context", helper)
    return call


def _lower(node: gast.With, fresh) -> list:
    enter, contexts = [], []
    for item in node.items:
        context = fresh("context")
        contexts.append(context)
        enter.append(assign(context, item.context_expr))
        entered = _context(runtime.enter_context, context)
        if item.optional_vars is None:
            enter.append(gast.Expr(value=entered))
        else:
            enter.append(
                gast.Assign(targets=[item.optional_vars], value=entered, type_comment=None)
            )
    for s in enter:
        locate(s, node)

    def leave():
        out = []
        for context in reversed(contexts):
            s = gast.Expr(value=_context(runtime.exit_context, context))
            out.append(locate(s, node))
        return out

    body = _leaving(node.body, leave, fresh, in_loop=False)
    return enter + body + leave()


def _leaving(stmts: list, leave, fresh, in_loop: bool) -> list:
    """``stmts`` with ``leave()`` inserted before each exit that leaves the block."""
    out = []
    for stmt in stmts:
        if isinstance(stmt, gast.Return):
            value = stmt.value
            if value is not None and not isinstance(value, (gast.Name, gast.Constant)):
                kept = fresh("retval")
                out.append(gast.copy_location(assign(kept, value), stmt))
                stmt.value = name(kept)
            out.extend(leave())
            out.append(stmt)
            continue
        if isinstance(stmt, (gast.Break, gast.Continue)) and not in_loop:
            out.extend(leave())
            out.append(stmt)
            continue
        loop = in_loop or isinstance(stmt, (gast.For, gast.While))
        if not isinstance(stmt, (gast.FunctionDef, gast.ClassDef)):
            for field in ("body", "orelse", "finalbody"):
                block = getattr(stmt, field, None)
                if isinstance(block, list) and block and isinstance(block[0], gast.stmt):
                    # a loop's else clause runs after the loop: its exits leave the block
                    inner = loop if field != "orelse" else in_loop
                    setattr(stmt, field, _leaving(block, leave, fresh, inner))
            for handler in getattr(stmt, "handlers", None) or []:
                handler.body = _leaving(handler.body, leave, fresh, in_loop)
        out.append(stmt)
    return out
