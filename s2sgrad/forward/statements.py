"""Tangents of statements: assignments, item assignments, appends, blocks.

y = a * b    ->    y = a * b
                   y_dot = a_dot * b + a * b_dot
"""

from __future__ import annotations

import copy

import gast

from .. import anno, rules
from ..aliasing import VIEWS
from ..normalize import CALLED_VALUE, OBJECT_METHOD
from ..normalize.tries import stub_blocks, try_statement
from ..operands import guards
from ..runtime.adjoints import nonzero
from ..syntax import assign, call, const, name
from .tangents import T, Z, _call_name, _fresh, varies


class StatementTangents:
    """Statement tangent methods of :class:`~s2sgrad.forward.generator.ForwardGenerator`."""

    def block(self, stmts) -> list:
        out = []
        for s in stmts:
            out.extend(self.stmt(s))
        return out

    def stmt(self, s) -> list:
        if (
            isinstance(s, gast.Assign)
            and isinstance(s.targets[0], gast.Name)
            and s.targets[0].id in self.step_counters
        ):
            return []  # a try body's step counter: only the adjoint sweep reads it
        if isinstance(s, gast.Assign):
            target = s.targets[0]
            if isinstance(target, gast.Name):
                primal, tangent = self.assign(target.id, s.value, s)
                for found, check in (
                    (self.object_operands, "operand_check"),
                    (self.object_items, "item_check"),
                ):
                    if id(s) in found:  # an operand that may be an object
                        checks = guards(self.helper, found[id(s)][1], check)
                        primal = [self._line(x, s) for x in checks] + primal
                return primal + [self._line(x, s) for x in tangent]
            return [s] + [self._line(x, s) for x in self.setitem(target, s.value)]
        if isinstance(s, gast.Expr):
            if anno.has(s, "append"):
                return [s] + [self._line(x, s) for x in self.append(s)]
            return [s]
        if isinstance(s, gast.If) and anno.has(s, "try"):
            blocks = [self.block(b) for b in stub_blocks(s)]
            caught, errors = self.helper("caught_exception"), self.helper("s2sgrad_errors")
            return [try_statement(s, self._try_block(s.body), blocks, caught, errors)]
        if isinstance(s, gast.If):
            if anno.get(s, "primal_only", False):
                return [s]
            node = copy.copy(s)
            node.body = self.block(s.body) or [gast.Pass()]
            node.orelse = self.block(s.orelse)
            return [node]
        if isinstance(s, (gast.For, gast.While)):
            node = copy.copy(s)
            node.body = self.block(s.body) or [gast.Pass()]
            return [node]
        return [s]

    def _try_block(self, stmts) -> list:
        """A try body's statements with their tangents inside ``with tangent_step():``,
        so that the user's except clauses never catch what a tangent raises."""
        out = []
        for s in stmts:
            if isinstance(s, gast.If) and not anno.get(s, "primal_only", False):
                node = copy.copy(s)
                node.body = self._try_block(s.body) or [gast.Pass()]
                node.orelse = self._try_block(s.orelse)
                out.append(node)
                continue
            made = self.stmt(s)
            tangents = [t for t in made if t is not s]
            if len(tangents) == len(made):  # a callee's jvp: its primal and tangent at once
                out.extend(made)
                continue
            out.append(s)
            if tangents:
                guard = gast.withitem(
                    context_expr=call(self.helper("tangent_step")), optional_vars=None
                )
                out.append(
                    self._line(gast.With(items=[guard], body=tangents, type_comment=None), s)
                )
        return out

    @staticmethod
    def _line(stmt, like):
        gast.copy_location(stmt, like)
        return stmt

    def set_tangent(self, var, expr, fresh_ok=False) -> gast.stmt:
        """``var_dot = expr``, copying when ``var`` is later written in place."""
        if var in self.mutated and not fresh_ok and not _fresh(expr):
            expr = call(self.helper("snapshot"), expr)
        return assign(self.tan(var), expr)

    def zero_assign(self, var, value) -> gast.stmt:
        if isinstance(value, gast.Constant) and value.value is None:
            return assign(self.tan(var), const(None))
        if isinstance(value, gast.List) and not value.elts:
            return assign(self.tan(var), gast.List(elts=[], ctx=gast.Load()))
        if (
            isinstance(value, gast.Constant)
            and isinstance(value.value, (int, float))
            and var not in self.mutated
        ):
            return assign(self.tan(var), const(0.0))
        return assign(self.tan(var), call(self.helper("zeros_like"), name(var)))

    def assign(self, var, value, stmt):
        """``(primal statements, tangent statements)`` for ``var = value``."""
        if isinstance(value, gast.Call) and anno.get(value, "fn", None) is nonzero:
            return self.placeholder_test(var, value, stmt)
        if isinstance(value, gast.Call) and var in self.active and varies(value, self.active):
            fn = anno.get(value, "fn", None)
            prim = rules.lookup(fn)
            if (
                fn
                not in (
                    rules.ASTYPE,
                    rules.ITEM,
                    rules.LIST_POP,
                    rules.TOLIST,
                    rules.ASTYPE_OTHER,
                    rules.DICT_GET,
                )
                and (prim is None or prim.forward is None)
                and not rules.is_nondifferentiable(fn)
                and fn is not CALLED_VALUE  # known when it runs: a rule (reverse.calls)
                and fn is not OBJECT_METHOD
            ):
                return self.call_user(var, value, stmt)
        if var not in self.active:
            return [stmt], []
        if not varies(value, self.active):
            return [stmt], [self.zero_assign(var, value)]
        return [stmt], self._unshared(var, value, self.rule(var, value, stmt))

    def placeholder_test(self, var, value, stmt):
        """``cond = nonzero(d)`` of generated reverse code (is adjoint ``d`` more than the
        0.0 placeholder?) as ``cond = nonzero(d) or nonzero(d_dot)``: an adjoint computed
        as the float 0.0 (``dt = dresult * 2.0 * t`` at ``t == 0.0``) may have a nonzero
        tangent, which skipping its block would drop (a Hessian of 0.0 for 2.0).

            cond = nonzero(dt)    ->    cond = nonzero(dt) or nonzero(dt_dot)
        """
        tangent, kind = self.tangent_of(value.args[0]) if len(value.args) == 1 else (None, Z)
        out = [stmt]
        if kind == T:
            test = gast.BoolOp(
                op=gast.Or(),
                values=[copy.deepcopy(value), call(self.helper("nonzero"), tangent)],
            )
            out = [gast.copy_location(assign(var, test), stmt)]
        return out, [self.zero_assign(var, const(False))] if var in self.active else []

    def _unshared(self, var, value, tangents) -> list:
        """``tangents`` of ``var = value``, where a tangent that may be another tangent's own
        array (``a_dot = y_dot`` of ``a = y - 2.0``, a new array; ``a_dot = h(y_dot)`` of a
        helper that may hand back its argument) is copied when that one may be changed in
        place later: written into itself (``y[0] = v``) or a view of one that is
        (``a_item_dot = y_dot[3:]``). Views and names (``b = y[1:]``, ``b = a``) share
        their tangent's memory as the primal values share theirs."""
        shared, out = self.shared_tangents, []
        for s in tangents:
            target = s.targets[0] if isinstance(s, gast.Assign) else None
            if isinstance(target, gast.Name) and target.id == self.tan(var):
                found = [
                    view
                    for n, view in _held_names(s.value)
                    if self.tangent_of_name.get(n) in shared
                ]
                if found:
                    if any(found) or isinstance(value, gast.Name):
                        shared.add(var)
                    else:
                        s = assign(target.id, call(self.helper("snapshot"), s.value))
            out.append(s)
        return out

    def setitem(self, target, value) -> list:
        var = target.value.id
        if var not in self.active:
            return []
        expr, kind = self.tangent_of(value)
        if kind == T:  # none where var holds integers, which truncate what is stored
            expr = call(self.helper("stored_tangent"), expr, name(var))
        slot = gast.Subscript(
            value=name(self.tan(var)), slice=copy.deepcopy(target.slice), ctx=gast.Store()
        )
        return [gast.Assign(targets=[slot], value=expr, type_comment=None)]

    def append(self, s) -> list:
        lst, value = anno.get(s, "append")
        if lst not in self.active:
            return []
        expr, _ = self.tangent_of(value)
        return [
            gast.Expr(
                value=call(
                    gast.Attribute(value=name(self.tan(lst)), attr="append", ctx=gast.Load()), expr
                )
            )
        ]


def _held_names(node) -> list[tuple[str, bool]]:
    """``(name, view)`` for each name whose memory the tangent expression ``node`` may be,
    hold or view (a view: ``v[1:]``, ``v.T``, ``np.reshape(v, s)``). A call may hand back
    any of its arguments (``array_operand(v)``, ``broadcast_tangent(v, y)``) unless it
    certainly makes a new value (``snapshot``, arithmetic, a NumPy function that is no
    view)."""
    if isinstance(node, gast.Name):
        return [(node.id, False)]
    if isinstance(node, (gast.Subscript, gast.Attribute, gast.Starred)):
        return [(n, True) for n, _ in _held_names(node.value)]
    if isinstance(node, (gast.Tuple, gast.List)):
        return [(n, True) for e in node.elts for n, _ in _held_names(e)]
    if isinstance(node, gast.IfExp):
        return _held_names(node.body) + _held_names(node.orelse)
    if isinstance(node, gast.Call) and not _new_value(node):
        view = _call_name(node).startswith("np.")  # a NumPy view (np.reshape(v, s))
        given = [*node.args, *(k.value for k in node.keywords)]
        return [(n, view or v) for a in given for n, v in _held_names(a)]
    return []


def _new_value(node: gast.Call) -> bool:
    """Does the call ``node`` of a tangent expression certainly make a new value?"""
    if _fresh(node):
        return True
    path = _call_name(node)
    return path.startswith("np.") and path not in VIEWS
