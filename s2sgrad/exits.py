"""Lower ``break``, ``continue`` and early ``return`` to flags and guards.

After this pass a function has one ``return`` at its end and loops leave only
through a final ``if flag: break`` that the reverse sweep ignores:

    for i in range(n):            broke = False
        if x[i] > 1:              for i in range(n):
            break          ->         c = x[i] > 1
        s = s + x[i]                  if c: broke = True
                                      if not broke: s = s + x[i]
                                      if broke: break
"""

from __future__ import annotations

import gast

from . import anno
from .errors import UnsupportedSyntaxError
from .syntax import assign, const, iter_child_nodes, name, rewrite_blocks, walk_local


class _Flags:
    def __init__(self, fresh, info=None):
        self.fresh = fresh
        self.info = info
        self.returned: str | None = None
        self.retval: str | None = None


def lower_exits(fn: gast.FunctionDef, fresh, info) -> None:
    """Rewrite ``fn.body`` in place so that control leaves only at its end."""
    flags = _Flags(fresh, info)
    returns = [n for n in walk_local(fn.body) if isinstance(n, gast.Return)]
    for ret in returns:
        if ret.value is None:
            raise info.error(
                ret, "a differentiated function must return a value", "return the scalar loss"
            )
    simple = len(returns) == 1 and fn.body and fn.body[-1] is returns[0]
    if not simple:
        flags.returned = fresh("returned")
        flags.retval = fresh("retval")
    exits = _always_exits(fn.body)
    body = _block(fn.body, flags, loop=None)
    if not simple:
        start = [assign(flags.returned, const(False))]
        if not exits:  # Python returns None where control falls off the end
            start.append(assign(flags.retval, const(None)))
        body = start + body
        body.append(gast.Return(value=name(flags.retval)))
        if not any(
            isinstance(n, gast.Name) and n.id == flags.returned and isinstance(n.ctx, gast.Load)
            for n in walk_local(body)
        ):
            # every return ends its branch: drop the flag (each `returned = True` follows
            # its `retval = ...`, so no block is left empty)
            body = rewrite_blocks(body, lambda s: [] if _sets(s, flags.returned) else [s])
    if not returns:
        raise info.error(
            fn, "a differentiated function must return a value", "return the scalar loss"
        )
    fn.body = body


def _sets(stmt, flag: str) -> bool:
    """Is ``stmt`` an assignment of ``flag``?"""
    return (
        isinstance(stmt, gast.Assign)
        and len(stmt.targets) == 1
        and isinstance(stmt.targets[0], gast.Name)
        and stmt.targets[0].id == flag
    )


def _always_exits(stmts) -> bool:
    """Does every path through ``stmts`` end in a ``return`` or ``raise`` (no falling off
    the end)? Conservative: loops and ``try`` may fall through."""
    if not stmts:
        return False
    last = stmts[-1]
    if isinstance(last, (gast.Return, gast.Raise)):
        return True
    if isinstance(last, gast.If):
        return _always_exits(last.body) and _always_exits(last.orelse)
    return False


def _exits(stmt) -> set[str]:
    """Which of 'return', 'break', 'continue' can leave the enclosing block from ``stmt``."""
    kinds = set()
    stack = [stmt]
    while stack:
        node = stack.pop()
        if isinstance(node, gast.Return):
            kinds.add("return")
        elif isinstance(node, gast.Break):
            kinds.add("break")
        elif isinstance(node, gast.Continue):
            kinds.add("continue")
        elif isinstance(node, (gast.For, gast.While)):
            # a break in the loop's else clause leaves the enclosing loop
            kinds |= ({"return"} & _exits_in(node.body)) | _exits_in(node.orelse)
        elif not isinstance(node, (gast.FunctionDef, gast.Lambda, gast.ClassDef)):
            stack.extend(iter_child_nodes(node))
    return kinds


def _exits_in(stmts) -> set[str]:
    out = set()
    for s in stmts:
        out |= _exits(s)
    return out


class _Loop:
    def __init__(self):
        self.broke: str | None = None
        self.continued: str | None = None


def _guard_test(kinds, flags, loop):
    parts = []
    if "return" in kinds and flags.returned:
        parts.append(name(flags.returned))
    if "break" in kinds and loop is not None and loop.broke:
        parts.append(name(loop.broke))
    if "continue" in kinds and loop is not None and loop.continued:
        parts.append(name(loop.continued))
    if not parts:
        return None
    test = parts[0] if len(parts) == 1 else gast.BoolOp(op=gast.Or(), values=parts)
    return gast.UnaryOp(op=gast.Not(), operand=test)


def _block(stmts, flags, loop):
    out = []
    for i, stmt in enumerate(stmts):
        kinds = _exits(stmt)
        rest = stmts[i + 1 :]
        if (
            isinstance(stmt, gast.If)
            and rest
            and flags.returned is not None
            and "return" in kinds
            and _always_exits(stmt.body)
        ):
            # if c: return a  /  rest   ->   if c: return a  else: rest  (a branch that
            # folds away takes its exit with it: normalize.folds)
            stmt.body = _block(stmt.body, flags, loop) or [gast.Pass()]
            stmt.orelse = _block(stmt.orelse + rest, flags, loop)
            out.append(stmt)
            return out
        out.extend(_stmt(stmt, flags, loop))
        if kinds and rest:
            test = _guard_test(kinds, flags, loop)
            if test is not None:
                guarded = _block(rest, flags, loop)
                if guarded:
                    node = gast.If(test=test, body=guarded, orelse=[])
                    gast.copy_location(node, rest[0])
                    out.append(node)
                return out
    return out


def _stmt(stmt, flags, loop):
    if isinstance(stmt, gast.Return):
        if flags.returned is None:
            return [stmt]
        value = assign(flags.retval, stmt.value)
        gast.copy_location(value, stmt)
        done = assign(flags.returned, const(True))
        gast.copy_location(done, stmt)
        return [value, done]
    if isinstance(stmt, gast.Break):
        return [gast.copy_location(assign(loop.broke, const(True)), stmt)]
    if isinstance(stmt, gast.Continue):
        return [gast.copy_location(assign(loop.continued, const(True)), stmt)]
    if isinstance(stmt, gast.If):
        stmt.body = _block(stmt.body, flags, loop) or [gast.Pass()]
        stmt.orelse = _block(stmt.orelse, flags, loop)
        return [stmt]
    if isinstance(stmt, (gast.For, gast.While)):
        return _loop(stmt, flags, loop)
    if isinstance(stmt, gast.Try):
        return _try(stmt, flags, loop)
    return [stmt]


def _try(stmt, flags, loop):
    """A try statement's blocks with their exits lowered; its ``else`` runs only when the
    body did not leave (normalize.tries runs it after the statement)."""
    kinds = _exits_in(stmt.body)
    if stmt.finalbody and _exits_in(stmt.finalbody):
        # (an exit of the body or a handler sets its flags, then the finally block runs,
        # as Python runs it; one of the finally block would replace the exit under way)
        raise flags.info.error(
            stmt,
            "a return, break or continue in a finally block cannot be differentiated",
            "set a variable in the finally block and return (or break) after the try statement",
            UnsupportedSyntaxError,
        )
    stmt.body = _block(stmt.body, flags, loop) or [gast.Pass()]
    for handler in stmt.handlers:
        handler.body = _block(handler.body, flags, loop) or [gast.Pass()]
    orelse = _block(stmt.orelse, flags, loop)
    test = _guard_test(kinds, flags, loop)
    if orelse and test is not None:
        orelse = [gast.copy_location(gast.If(test=test, body=orelse, orelse=[]), orelse[0])]
    stmt.orelse = orelse
    stmt.finalbody = _block(stmt.finalbody, flags, loop)
    return [stmt]


def _handlers_exit(stmt) -> bool:
    return any(_exits_in(h.body) for h in stmt.handlers) or bool(_exits_in(stmt.orelse))


def _loop(stmt, flags, outer):
    """The loop with its exits lowered; its else clause (run when the loop ends without
    break or return) after it, guarded by the flags, its own exits those of ``outer``."""
    inner = _Loop()
    kinds = _exits_in(stmt.body)
    before = []
    if "break" in kinds:
        inner.broke = flags.fresh("broke")
        before.append(gast.copy_location(assign(inner.broke, const(False)), stmt))
    if "continue" in kinds:
        inner.continued = flags.fresh("continued")
    body = _block(stmt.body, flags, inner)
    if inner.continued:
        body.insert(0, gast.copy_location(assign(inner.continued, const(False)), stmt))
    leave = []
    if inner.broke:
        leave.append(name(inner.broke))
    if "return" in kinds and flags.returned:
        leave.append(name(flags.returned))
    if leave:
        test = leave[0] if len(leave) == 1 else gast.BoolOp(op=gast.Or(), values=leave)
        exit_if = gast.If(test=test, body=[gast.Break()], orelse=[])
        anno.set(exit_if, "primal_only", True)
        gast.copy_location(exit_if, stmt)
        body.append(exit_if)
    stmt.body = body or [gast.Pass()]
    after = []
    if stmt.orelse:
        orelse = _block(stmt.orelse, flags, outer)
        stmt.orelse = []
        test = _guard_test(kinds - {"continue"}, flags, inner)
        if orelse and test is not None:
            orelse = [gast.copy_location(gast.If(test=test, body=orelse, orelse=[]), orelse[0])]
        after = orelse
    return before + [stmt] + after
