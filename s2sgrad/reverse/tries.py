"""Adjoints of a try body (see :mod:`s2sgrad.normalize.tries`): each statement's adjoint
runs only when the primal sweep completed it, and what was saved when it started is put
back only when it started; the handlers, ``else`` and ``finally`` are plain code after it.

    try:                                  if try_reached >= 2:
        a = x * 2          (step 1)           (adjoint of b = np.log(a))
        b = np.log(a)      (step 2)   ->  if try_reached >= 1:
    except ...                                (adjoint of a = x * 2)
"""

from __future__ import annotations

import gast

from .. import anno
from ..syntax import clone, const, loads_in, name, walk
from .pseudo import Restore


def _reached(counter: str, step: int) -> gast.expr:
    return gast.Compare(left=name(counter), ops=[gast.GtE()], comparators=[const(step)])


class TryAdjoints:
    """The try-body method of :class:`~s2sgrad.reverse.generator.ReverseGenerator`."""

    def reverse_try(self, s, depth) -> list:
        reached = anno.get(s, "try").reached
        out = self._reverse_steps(s.body, depth, reached)
        # the guards read the value the primal sweep left after the body: put back the one
        # before only after them (reverse_stmt skips the assignment itself)
        return out + [Restore(reached, id(self._reached_at(reached)), depth)]

    def _reached_at(self, reached: str):
        for n in walk(gast.Module(body=self.fn.body, type_ignores=[])):
            if (
                isinstance(n, gast.Assign)
                and isinstance(n.targets[0], gast.Name)
                and n.targets[0].id == reached
            ):
                return n
        raise AssertionError(f"no assignment to the step counter {reached}")

    def is_reached_counter(self, s) -> bool:
        """Is ``s`` the assignment of a try body's step count (see :meth:`reverse_try`)?"""
        if not hasattr(self, "_reached_names"):
            self._reached_names = {
                anno.get(n, "try").reached
                for n in walk(gast.Module(body=self.fn.body, type_ignores=[]))
                if isinstance(n, gast.If) and anno.has(n, "try")
            }
        return isinstance(s.targets[0], gast.Name) and s.targets[0].id in self._reached_names

    def _reverse_steps(self, stmts, depth, reached) -> list:
        out = []
        for stmt in reversed(stmts):
            if not anno.has(stmt, "try_step"):
                continue  # a step counter
            started, completed = anno.get(stmt, "try_step")
            if isinstance(stmt, gast.If):
                if anno.get(stmt, "primal_only", False):
                    continue
                body = self._reverse_steps(stmt.body, depth, reached)
                orelse = self._reverse_steps(stmt.orelse, depth, reached)
                if body or orelse:
                    branch = gast.If(test=clone(stmt.test), body=body, orelse=orelse)
                    out.extend(_guarded([branch], reached, started))
                continue
            pseudo = self.reverse_stmt(stmt, depth)
            adjoint = [p for p in pseudo if not isinstance(p, Restore)]
            restores = [p for p in pseudo if isinstance(p, Restore)]
            if adjoint:
                out.extend(_guarded(adjoint, reached, completed))
            if restores:
                out.extend(_guarded(restores, reached, started))
        return out


def _guarded(stmts, reached, step) -> list:
    if step == 0:  # the body's first statement: it starts whenever the body does
        return stmts
    return [gast.If(test=_reached(reached, step), body=stmts, orelse=[])]


def prune_steps(forward: list, backward: list, body: list) -> list:
    """``forward`` without the step counters that no guard in ``backward`` reads: only the
    steps ``try_reached >= k`` names are counted, and none of a try body whose adjoints
    need no guard (``body``: the normal form, whose marked ``If`` name the counters)."""
    counters = {}
    for n in walk(gast.Module(body=body, type_ignores=[])):
        if isinstance(n, gast.If) and anno.has(n, "try"):
            info = anno.get(n, "try")
            counters[info.done] = info.reached
    read = set()
    for n in walk(gast.Module(body=backward, type_ignores=[])):
        if (
            isinstance(n, gast.Compare)
            and isinstance(n.left, gast.Name)
            and isinstance(n.comparators[0], gast.Constant)
        ):
            read.add((n.left.id, n.comparators[0].value))
    loaded = set(loads_in(gast.Module(body=backward, type_ignores=[])))

    def needed(s) -> bool:
        if not (isinstance(s, gast.Assign) and isinstance(s.targets[0], gast.Name)):
            return True
        var = s.targets[0].id
        if var in counters:
            if counters[var] not in loaded:
                return False
            return (
                not isinstance(s.value, gast.Constant)
                or s.value.value == 0
                or ((counters[var], s.value.value) in read)
            )
        if var in counters.values():
            return var in loaded
        return True

    return _filter(forward, needed)


def _filter(stmts, keep) -> list:
    out = []
    for s in stmts:
        if not keep(s):
            continue
        for field in ("body", "orelse", "finalbody"):
            block = getattr(s, field, None)
            if isinstance(block, list) and block and isinstance(block[0], gast.stmt):
                setattr(
                    s, field, _filter(block, keep) or ([gast.Pass()] if field == "body" else [])
                )
        for h in getattr(s, "handlers", None) or []:
            h.body = _filter(h.body, keep) or [gast.Pass()]
        out.append(s)
    return out
