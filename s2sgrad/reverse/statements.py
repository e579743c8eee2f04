"""Adjoints of statements: assignments, item assignments, appends, blocks and
loops, each yielding pseudo-statements in reverse order.

    y = a * b    ->    Acc(da, dy * b); Acc(db, dy * a)
"""

from __future__ import annotations

import gast

from .. import anno, rules
from ..syntax import assign, call, clone, name
from .lowering import _scalar_index
from .pseudo import (
    Acc,
    Block,
    Kill,
    LoopInfo,
    PopItem,
    PushItem,
    Restore,
    ZeroItem,
    _basic_index,
    _index_value,
)


class StatementAdjoints:
    """Statement adjoint methods of :class:`~s2sgrad.reverse.generator.ReverseGenerator`."""

    def reverse_block(self, stmts, depth) -> list:
        out = []
        for s in reversed(stmts):
            out.extend(self.reverse_stmt(s, depth))
        return out

    def reverse_stmt(self, s, depth) -> list:
        if isinstance(s, gast.Assign) and self.is_reached_counter(s):
            return []
        if isinstance(s, gast.Assign):
            target = s.targets[0]
            if isinstance(target, gast.Name) and _is_pop(s.value):
                return self.reverse_pop(target.id, s, depth)
            if isinstance(target, gast.Name):
                return self.reverse_assign(target.id, s.value, s, depth)
            return self.reverse_setitem(target, s.value, s, depth)
        if isinstance(s, gast.Expr):
            if anno.has(s, "append"):
                return self.reverse_append(s, depth)
            return []
        if isinstance(s, gast.If) and anno.has(s, "try"):
            return self.reverse_try(s, depth)
        if isinstance(s, gast.If):
            if anno.get(s, "primal_only", False):
                return []
            body = self.reverse_block(s.body, depth)
            orelse = self.reverse_block(s.orelse, depth)
            if not body and not orelse:
                return []
            node = gast.If(test=clone(s.test), body=body, orelse=orelse)
            return [node]
        if isinstance(s, (gast.For, gast.While)):
            return self.reverse_loop(s, depth)
        return []

    def reverse_loop(self, s, depth):
        body = self.reverse_block(s.body, depth + 1)
        breaks = any(anno.get(c, "primal_only", False) for c in s.body)
        info = LoopInfo(s, depth, s.target.id if isinstance(s, gast.For) else None)
        if isinstance(s, gast.While) or breaks:
            base = info.target or "loop"
            info.counter = self.names(f"{base}_iterations")
        self.loops[id(s)] = info
        if isinstance(s, gast.For):
            source = name(s.iter.id)
            if info.counter:
                source = gast.Subscript(
                    value=source,
                    slice=gast.Slice(lower=None, upper=name(info.counter), step=None),
                    ctx=gast.Load(),
                )
            loop = gast.For(
                target=name(info.target, store=True),
                iter=call("reversed", source),
                body=body,
                orelse=[],
                type_comment=None,
            )
        else:
            loop = gast.For(
                target=name("_", store=True),
                iter=call("range", name(info.counter)),
                body=body,
                orelse=[],
                type_comment=None,
            )
        anno.set(loop, "loop", info)
        out = [loop]
        if info.target:
            out.append(Restore(info.target, id(s), depth))
        return out

    def reverse_assign(self, var, value, stmt, depth) -> list:
        out = []
        if var in self.analysis.active and self.analysis.propagates(value):
            block = self.rule(var, value, stmt, depth)
            if block is not None:
                block.line = getattr(stmt, "lineno", None)
                out.append(block)
        if var in self.analysis.active:
            out.append(Kill(var))
        if id(stmt) in self.forward_replace:
            last = self.forward_replace[id(stmt)][-1].targets[0]
            pullback = last.elts[1].id if isinstance(last, gast.Tuple) else None
            if var not in self.analysis.active:
                pullback = None
        else:
            pullback = None
        if pullback is not None:
            out.append(Restore(pullback, id(stmt), depth))
        if id(stmt) in self.draw_states:
            out.append(Restore(self.draw_states[id(stmt)], id(stmt), depth))
        out.append(Restore(var, id(stmt), depth))
        return out

    def reverse_setitem(self, target, value, stmt, depth) -> list:
        var = target.value.id
        out = []
        if var in self.analysis.active:
            stmts, acc = [], None
            if isinstance(value, gast.Name) and value.id in self.analysis.active:
                part = gast.Subscript(
                    value=name(self.adj(var)), slice=clone(target.slice), ctx=gast.Load()
                )
                if _scalar_index(target.slice):
                    # y[...] = v, y[()] = v: all of y, whose adjoint may be a number
                    part = name(self.adj(var))
                # a copy, none where var holds integers (which truncate what is stored)
                part = call(self.helper("stored_adjoint"), part, name(var))
                if not _basic_index(target.slice, self.analysis):
                    # a repeated fancy index keeps only one write per position
                    index = _index_value(clone(target.slice))
                    part = call(self.helper("kept_writes"), part, index, name(var))
                part = call(self.helper("unbroadcast"), part, value)
                if value.id == var:  # y[::-1] = y: the part is read before it is zeroed
                    written = self.temp(f"d{var}_written")
                    stmts.append(assign(written, part))
                    part = name(written)
                acc = Acc(value.id, part)
            zero = ZeroItem(var, name(var), clone(target.slice))
            if acc is None or acc.var == var:
                stmts += [zero] if acc is None else [zero, acc]
            else:
                stmts += [acc, zero]
            out.append(Block(var, stmts, primal=var, line=getattr(stmt, "lineno", None)))
        out.append(Restore(var, id(stmt), depth))
        return out

    def reverse_pop(self, var, stmt, depth) -> list:
        """``v = xs.pop()`` or ``v = xs.pop(i)``, an in-place change: the item's adjoint
        goes back on the list's adjoint, then the item on the list (``xs.append(v)``),
        then ``v`` its value before."""
        lst = anno.get(stmt.value, "pop")
        out = []
        if lst in self.analysis.active:
            active = var in self.analysis.active
            index = stmt.value.args[0] if stmt.value.args else None
            out.append(PushItem(lst, name(lst), var if active else None, index, stmt.lineno))
        if var in self.analysis.active:
            out.append(Kill(var))
        out.append(Restore(lst, id(stmt), depth))
        out.append(Restore(var, id(stmt), depth))
        return out

    def reverse_append(self, stmt, depth) -> list:
        lst, value = anno.get(stmt, "append")
        out = []
        if lst in self.analysis.active:
            # pop the item's adjoint whatever its activity, to keep the adjoint list in step
            active = isinstance(value, gast.Name) and value.id in self.analysis.active
            temp = self.temp(f"d{value.id}_item" if active else f"d{lst}_unused")
            out.append(
                Block(
                    lst,
                    [PopItem(lst, name(lst), temp, value.id if active else None)],
                    primal=lst,
                    line=getattr(stmt, "lineno", None),
                )
            )
        out.append(Restore(lst, id(stmt), depth))
        return out


def _is_pop(value) -> bool:
    return isinstance(value, gast.Call) and anno.get(value, "fn", None) is rules.LIST_POP
