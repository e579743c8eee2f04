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
from ..syntax import clone, const, name
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
        for n in gast.walk(gast.Module(body=self.fn.body, type_ignores=[])):
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
                for n in gast.walk(gast.Module(body=self.fn.body, type_ignores=[]))
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
