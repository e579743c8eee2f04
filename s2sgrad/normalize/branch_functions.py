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
    out, todo = set(), list(node.body + node.orelse)
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


def merge_branch_functions(low, after_body: dict, node) -> None:
    """After an ``if`` whose branches bind a name to different local functions (``f =
    lambda v: v * w`` in one, ``f = lambda v: v + w`` in the other, or in one only), which
    function the name holds is known only when the code runs: it is no longer a local
    function, and a later call or use of it is an error (:func:`branch_function_error`)."""
    for n in set(after_body) | set(low.local_functions):
        if after_body.get(n) is not low.local_functions.get(n):
            low.local_functions.pop(n, None)
            low.branch_functions[n] = node


def branch_function_error(low, use):
    """The error for a call or use ``use`` of a name that the branches of an ``if`` bound to
    different local functions (see :func:`merge_branch_functions`)."""
    return low.info.error(
        use,
        f"{use.id!r} holds one of the local functions that the branches starting on line "
        f"{low.branch_functions[use.id].lineno} (an if statement, or a try statement and "
        "its handlers) bind it to, which s2sgrad cannot tell apart when it transforms the "
        "function",
        "define one function that branches inside it, or call each function in its own branch",
        UnsupportedSyntaxError,
    )
