"""Names that the branches of an ``if`` bind to different local functions.

    if np.sum(w) > 0:
        f = lambda v: v * w
    else:
        f = lambda v: v + w
    y = apply(f, x)          # which f: known only when the code runs

A call of a local function is differentiated as that function's body, so the statements
after such an ``if`` that read the name are copied into each branch first
(:func:`split_tails`): each copy calls the function its branch binds. Where that is not
done (an ``if`` whose branches end the block, a ``try`` and its handlers) the name is no
local function after the statement, and a call or use of it is s2sgrad's error (it was
the last definition's derivative, a silent wrong gradient). A ``def`` or lambda bound to
the name again makes it known again.
"""

from __future__ import annotations

import gast

from ..errors import UnsupportedSyntaxError
from ..syntax import clone, names_in

_ENDS = (gast.Return, gast.Raise, gast.Break, gast.Continue)


def split_tails(stmts: list) -> list:
    """``stmts`` with the statements after an ``if`` whose branches bind a local function
    (``f = lambda ...``, ``def f``) that they read moved into each branch (copied), in
    every block under them but nested defs: ``if c: f = g1 else: f = g2; y = f(x)``
    becomes ``if c: f = g1; y = f(x) else: f = g2; y = f(x)``. Python runs the same
    statements in the same order."""
    out = []
    for i, stmt in enumerate(stmts):
        if isinstance(stmt, gast.If) and _bound_functions(stmt) & names_in(
            gast.Module(body=stmts[i + 1 :], type_ignores=[])
        ):
            rest = stmts[i + 1 :]
            for field in ("body", "orelse"):
                branch = getattr(stmt, field)
                if not (branch and isinstance(branch[-1], _ENDS)):
                    branch = branch + clone(rest)
                setattr(stmt, field, split_tails(branch))
            return out + [stmt]
        for field in ("body", "orelse", "finalbody"):
            block = getattr(stmt, field, None)
            if isinstance(block, list) and block and not isinstance(stmt, _DEFS):
                setattr(stmt, field, split_tails(block))
        for handler in getattr(stmt, "handlers", None) or []:
            handler.body = split_tails(handler.body)
        out.append(stmt)
    return out


_DEFS = (gast.FunctionDef, gast.AsyncFunctionDef, gast.ClassDef)


def _bound_functions(node: gast.If) -> set[str]:
    """The names the branches of ``node`` bind to a def or a lambda (nested defs aside)."""
    return bound_functions(node.body + node.orelse)


def loop_functions(low, body: list, node) -> None:
    """Before the body of a loop is lowered (once, for every iteration): the names it binds
    to a def or a lambda hold, where the body reads them before it binds them, the
    function of the iteration before, so they are no local functions there (a use is
    :func:`branch_function_error`); the body's own binding makes them known again."""
    for n in bound_functions(body):
        low.local_functions.pop(n, None)
        low.branch_functions[n] = node


def bound_functions(stmts: list) -> set[str]:
    """The names ``stmts`` bind to a def or a lambda, in every block under them (nested
    defs' bodies aside)."""
    out, todo = set(), list(stmts)
    while todo:
        s = todo.pop()
        if isinstance(s, (gast.FunctionDef, gast.AsyncFunctionDef)):
            out.add(s.name)
            continue
        if isinstance(s, gast.Assign) and isinstance(s.value, gast.Lambda):
            out |= {t.id for t in s.targets if isinstance(t, gast.Name)}
        if isinstance(s, gast.ClassDef):
            continue
        for field in ("body", "orelse", "finalbody"):
            block = getattr(s, field, None)
            if isinstance(block, list):
                todo.extend(b for b in block if isinstance(b, gast.stmt))
        for handler in getattr(s, "handlers", None) or []:
            todo.extend(handler.body)
    return out


def lower_branches(low, node: gast.If) -> tuple[list, list]:
    """The lowered branches of ``node``: the ``else`` branch sees the local functions of
    before the ``if``, and after it those the branches bind differently are unknown."""
    before = dict(low.local_functions), dict(low.branch_functions)
    body = low.block(node.body)
    after_body = dict(low.local_functions), dict(low.branch_functions)
    for table, old in zip((low.local_functions, low.branch_functions), before):
        table.clear()
        table.update(old)
    orelse = low.block(node.orelse)
    merge_branch_functions(low, after_body, node)
    return body, orelse


def merge_branch_functions(low, after_body: tuple, node) -> None:
    """After an ``if`` whose branches bind a name to different local functions (``f =
    lambda v: v * w`` in one, ``f = lambda v: v + w`` in the other, or in one only), which
    function the name holds is known only when the code runs: it is no longer a local
    function, and a later call or use of it is an error (:func:`branch_function_error`).
    ``after_body``: the local functions and those names after the ``if`` branch, the
    lowering's tables holding them after the ``else`` branch."""
    functions, unknown = after_body
    for n in set(functions) | set(low.local_functions):
        if functions.get(n) is not low.local_functions.get(n):
            low.local_functions.pop(n, None)
            low.branch_functions[n] = node
    for n, where in unknown.items():  # unknown after either branch
        low.local_functions.pop(n, None)
        low.branch_functions.setdefault(n, where)


def branch_function_error(low, use):
    """The error for a call or use ``use`` of a name that the branches of an ``if`` bound to
    different local functions (see :func:`merge_branch_functions`)."""
    where = low.branch_functions[use.id]
    if isinstance(where, (gast.For, gast.While)):
        what = (
            f"{use.id!r} is read before the body of the loop on line {where.lineno} binds it "
            "to a local function, so it may hold the one of the iteration before"
        )
        hint = "bind the function before the loop, or at the start of the loop's body"
    else:
        what = (
            f"{use.id!r} holds one of the local functions that the branches starting on line "
            f"{where.lineno} (an if statement, or a try statement and its handlers) bind it "
            "to, which s2sgrad cannot tell apart when it transforms the function"
        )
        hint = (
            "define one function that branches inside it, or call each function in its own branch"
        )
    return low.info.error(use, what, hint, UnsupportedSyntaxError)
