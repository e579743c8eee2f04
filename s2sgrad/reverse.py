"""Reverse mode: a primal sweep that saves what the adjoint sweep reads, then the adjoint sweep.

    h = np.tanh(a)          ->   forward:  h = np.tanh(a)
    loss = np.sum(h)             backward: dh = reduce_adjoint(dloss, h, None, False)
                                           da = dh * (1.0 - h * h)

Generation runs in three steps:

1. each normal-form statement yields pseudo-statements in reverse order
   (``Acc``: add to an adjoint, ``Kill``: an overwritten value's adjoint is
   zero, ``Restore``: put back an overwritten primal value);
2. :func:`lower` turns them into assignments, tracking per adjoint whether it
   is still zero (first contribution is a plain assignment, not ``+``), whether
   it may be the scalar ``0.0``, and whether the array is private so it can be
   updated in place;
3. the primal values the adjoint sweep reads are saved where they are
   overwritten: in a variable outside loops, on a per-variable stack inside.
"""

from __future__ import annotations

import copy
import inspect
import types
from dataclasses import dataclass

import gast
import numpy as np

from . import anno, nested, rules
from .activity import SCALAR, Analysis
from .custom import Checkpoint, CustomVJP, custom_rule
from .emit import comment, to_source
from .errors import NonDifferentiableError, UnsupportedSyntaxError
from .nested import Nested
from .normalize import LocalFunction, NormalFunction
from .optimize import eliminate_dead_code, propagate_copies, rounds, simplify
from .parsing import through_cache
from .rules.python import BINOP_PRIMITIVES, UNARY_PRIMITIVES
from .syntax import assign, call, clone, const, loads_in, name, stores_in
from .validate import is_fresh, rebound_first

# adjoint states while lowering
U, Z, M, L, O = "undefined", "zero", "maybe-zero", "live", "owned"




# -- pseudo-statements -----------------------------------------------------------------------


@dataclass
class Acc:
    """``d[var] += expr``; ``maybe_zero``: expr may be the scalar 0.0 (from a callee)."""

    var: str
    expr: gast.expr
    maybe_zero: bool = False


@dataclass
class AccItem:
    """``d[var][index] += expr`` where ``obj`` is the primal value of ``var``."""

    var: str
    obj: gast.expr
    index: gast.expr
    expr: gast.expr
    basic: bool = False


@dataclass
class ZeroItem:
    """``d[var][index] = 0`` (the slot was overwritten in the primal)."""

    var: str
    obj: gast.expr
    index: gast.expr


@dataclass
class PopItem:
    """``temp = d[var].pop()``: adjoint of the last appended item of list ``var``."""

    var: str
    obj: gast.expr
    temp: str
    value: str | None


@dataclass
class Kill:
    """The adjoint of ``var`` before an assignment to it is zero."""

    var: str


@dataclass
class Block:
    """Statements that run only when ``d[var]`` may be non-zero."""

    var: str
    stmts: list
    primal: str | None = None
    line: int | None = None


@dataclass
class Restore:
    """Put back the value ``var`` had before statement ``key`` (resolved after lowering)."""

    var: str
    key: int
    depth: int


@dataclass
class LoopInfo:
    """What the reverse sweep needs to replay one loop."""

    node: gast.stmt
    depth: int
    target: str | None
    counter: str | None = None


class ReverseGenerator:
    """Differentiates one normal-form function with respect to ``wrt``: :meth:`generate`
    returns the derivative's def and leaves its :class:`SavePlan` in ``save_plan``."""

    def __init__(self, fn: NormalFunction, analysis: Analysis, wrt: list[str], session,
                 mutated: set[str]):
        self.fn = fn
        self.info = fn.info
        self.analysis = analysis
        self.wrt = wrt
        self.session = session
        self.names = fn.names
        self.adjoints: dict[str, str] = {}
        self.adjoint_names: set[str] = set()
        self.rule_temps: set[str] = set()
        self.forward_replace: dict[int, list] = {}
        self.loops: dict[int, LoopInfo] = {}
        self.assign_depths: dict[str, list[int]] = {}
        self.slot_names: dict = {}
        self.save_plan: SavePlan | None = None
        self.loop_depth = 0  # loops around the statement being lowered
        self.mutated = mutated  # changed in place (validate.check_mutations)
        self._collect_assignments(fn.body, 0)
        self.invariant = self._invariants()

    # -- naming --------------------------------------------------------------------------

    def adj(self, var: str) -> str:
        if var not in self.adjoints:
            n = self.names("d" + var.lstrip("_"))
            self.adjoints[var] = n
            self.adjoint_names.add(n)
        return self.adjoints[var]

    def helper(self, name_: str) -> str:
        return self.session.helper(name_)

    def temp(self, base: str) -> str:
        n = self.names(base)
        self.rule_temps.add(n)
        return n

    # -- analysis helpers ------------------------------------------------------------------

    def _collect_assignments(self, body, depth):
        for s in body:
            if isinstance(s, gast.Assign) and isinstance(s.targets[0], gast.Name):
                self.assign_depths.setdefault(s.targets[0].id, []).append(depth)
            elif isinstance(s, gast.If):
                self._collect_assignments(s.body, depth)
                self._collect_assignments(s.orelse, depth)
            elif isinstance(s, gast.For):
                self.assign_depths.setdefault(s.target.id, []).append(depth + 1)
                self._collect_assignments(s.body, depth + 1)
            elif isinstance(s, gast.While):
                self._collect_assignments(s.body, depth + 1)

    def overwritten(self, var: str) -> bool:
        if var in self.invariant:
            return False
        depths = self.assign_depths.get(var, [])
        # an item write changes the value that earlier adjoints read
        return len(depths) > 1 or any(depths) or var in self.fn.params or var in self.mutated

    def is_active(self, node) -> bool:
        return self.analysis.is_active(node)

    def _invariants(self) -> set[str]:
        """Names whose value never changes once set: assigned once, from values that
        never change, by a deterministic operation. They need no saving in loops."""
        defs = self.analysis.defs
        mutated = {n for n, entries in defs.items() for _, st in entries
                   if isinstance(st, gast.Expr) or (isinstance(st, gast.Assign) and isinstance(
                       st.targets[0], gast.Subscript))}
        local = set(defs) | set(self.fn.params)
        out = {p for p in self.fn.params if p not in defs}
        changed = True
        while changed:
            changed = False
            for n, entries in defs.items():
                if n in out or n in mutated or len(entries) != 1 or n in self.fn.params:
                    continue
                value, stmt = entries[0]
                if not isinstance(stmt, gast.Assign) or not _deterministic(value):
                    continue
                if all(r in out or r not in local for r in loads_in(value)):
                    out.add(n)
                    changed = True
        return out

    # -- step 1: pseudo-statements ------------------------------------------------------------

    def reverse_block(self, stmts, depth) -> list:
        out = []
        for s in reversed(stmts):
            out.extend(self.reverse_stmt(s, depth))
        return out

    def reverse_stmt(self, s, depth) -> list:
        if isinstance(s, gast.Assign):
            target = s.targets[0]
            if isinstance(target, gast.Name):
                return self.reverse_assign(target.id, s.value, s, depth)
            return self.reverse_setitem(target, s.value, s, depth)
        if isinstance(s, gast.Expr):
            if anno.has(s, "append"):
                return self.reverse_append(s, depth)
            return []
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
                source = gast.Subscript(value=source, slice=gast.Slice(
                    lower=None, upper=name(info.counter), step=None), ctx=gast.Load())
            loop = gast.For(target=name(info.target, store=True),
                            iter=call("reversed", source), body=body, orelse=[],
                            type_comment=None)
        else:
            loop = gast.For(target=name("_", store=True), iter=call("range", name(info.counter)),
                            body=body, orelse=[], type_comment=None)
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
        out.append(Restore(var, id(stmt), depth))
        return out

    def reverse_setitem(self, target, value, stmt, depth) -> list:
        var = target.value.id
        out = []
        if var in self.analysis.active:
            stmts = []
            if isinstance(value, gast.Name) and value.id in self.analysis.active:
                part = gast.Subscript(value=name(self.adj(var)), slice=clone(
                    target.slice), ctx=gast.Load())
                if _basic_index(target.slice, self.analysis):
                    part = call(self.helper("snapshot"), part)
                else:
                    # a repeated fancy index keeps only one write per position
                    kept = call(self.helper("last_writes"), _index_value(clone(target.slice)),
                                name(var))
                    part = gast.BinOp(left=part, op=gast.Mult(), right=kept)
                stmts.append(Acc(value.id, call(self.helper("unbroadcast"), part, value)))
            stmts.append(ZeroItem(var, name(var), clone(target.slice)))
            out.append(Block(var, stmts, primal=var,
                             line=getattr(stmt, "lineno", None)))
        out.append(Restore(var, id(stmt), depth))
        return out

    def reverse_append(self, stmt, depth) -> list:
        lst, value = anno.get(stmt, "append")
        out = []
        if lst in self.analysis.active:
            # pop the item's adjoint whatever its activity, to keep the adjoint list in step
            active = isinstance(value, gast.Name) and value.id in self.analysis.active
            temp = self.temp(f"d{value.id}_item" if active else f"d{lst}_unused")
            out.append(Block(lst, [PopItem(lst, name(lst), temp, value.id if active else None)],
                             primal=lst, line=getattr(stmt, "lineno", None)))
        out.append(Restore(lst, id(stmt), depth))
        return out

    # -- rules ---------------------------------------------------------------------------------

    def rule(self, var, value, stmt, depth) -> Block | None:
        dvar = name(self.adj(var))
        if isinstance(value, gast.Name):
            return Block(var, [Acc(value.id, dvar)])
        if isinstance(value, gast.BinOp):
            if isinstance(value.op, gast.Mult) and isinstance(value.left, gast.Name) and \
                    isinstance(value.right, gast.Name) and value.left.id == value.right.id:
                # x * x: one adjoint term, as for np.square
                return self.instantiate(np.square, var, [value.left], {}, stmt)
            helper = _SEQUENCE_OPS.get(type(value.op))
            if helper is not None and var in self.analysis.containers:
                # a list or tuple operand makes + concatenation and * repetition
                operands = gast.Tuple(elts=[clone(value.left), clone(value.right)],
                                      ctx=gast.Load())
                expr = call(self.helper(helper + "_adjoint"), dvar, clone(value.left),
                            clone(value.right))
                return Block(var, self._accumulate(operands, expr), primal=var)
            fn = BINOP_PRIMITIVES.get(type(value.op).__name__)
            if fn is None:
                raise self.info.error(stmt, f"the operator {type(value.op).__name__} has no "
                                      "derivative", cls=NonDifferentiableError)
            return self.instantiate(fn, var, [value.left, value.right], {}, stmt)
        if isinstance(value, gast.UnaryOp):
            fn = UNARY_PRIMITIVES.get(type(value.op).__name__)
            if fn is None:
                return None
            return self.instantiate(fn, var, [value.operand], {}, stmt)
        if isinstance(value, gast.Subscript):
            obj = value.value
            if not (isinstance(obj, gast.Name) and obj.id in self.analysis.active):
                return None
            basic = self.analysis.kinds.get(obj.id) == "array" and _basic_index(
                value.slice, self.analysis)
            return Block(var, [AccItem(obj.id, name(obj.id), clone(value.slice), dvar,
                                       basic)], primal=var)
        if isinstance(value, (gast.Tuple, gast.List, gast.Dict)):
            stmts = []
            if isinstance(value, gast.Dict):
                items = list(zip(value.keys, value.values))
            else:
                items = [(const(i), e) for i, e in enumerate(value.elts)]
            for key, e in items:
                if isinstance(e, gast.Name) and e.id in self.analysis.active:
                    stmts.append(Acc(e.id, call(self.helper("part"), dvar, key)))
            return Block(var, stmts, primal=var)
        if isinstance(value, gast.Call):
            return self.rule_call(var, value, stmt, depth)
        if isinstance(value, (gast.Compare, gast.Attribute, gast.Constant, gast.JoinedStr)):
            return None
        raise self.info.error(stmt, f"cannot differentiate {type(value).__name__}",
                              cls=UnsupportedSyntaxError)

    def rule_call(self, var, value, stmt, depth):
        fn = anno.get(value, "fn")
        if fn is rules.ASTYPE_OTHER:
            return None
        if fn is rules.LIST_POP:
            raise self.info.error(stmt, "list.pop() cannot be differentiated in reverse mode",
                                  "index the list instead", UnsupportedSyntaxError)
        if fn is rules.TOLIST:
            raise self.info.error(stmt, ".tolist() of a differentiated array cannot be "
                                  "differentiated", "index the array instead",
                                  NonDifferentiableError)
        if fn is rules.ITEM or fn is rules.ASTYPE:
            return Block(var, [Acc(value.args[0].id, name(self.adj(var)))])
        if fn is rules.DICT_GET:
            obj = value.args[0]
            if len(value.args) > 2 and self.is_active(value.args[2]):
                raise self.info.error(stmt, "d.get(key, default) with a differentiated "
                                      "default cannot be differentiated in reverse mode",
                                      "test `key in d` with an if statement instead",
                                      UnsupportedSyntaxError)
            return Block(var, [AccItem(obj.id, name(obj.id), clone(value.args[1]),
                                       name(self.adj(var)))], primal=var)
        if rules.is_nondifferentiable(fn):
            return None
        rule = custom_rule(fn)
        if rule is not None and rule.fwd is not None:
            return self.call_custom(var, value, stmt, rule)
        if isinstance(fn, Nested):  # grad(f)(x) inside the function: see nested.py
            return nested.reverse_call(self, var, value, stmt, fn, _nested_user(
                self, fn, value, stmt), Block, Acc)
        if isinstance(fn, Checkpoint):
            return self.call_user(var, value, stmt, _user_function(
                fn.fun, spec=getattr(value, "s2s_spec", ())), checkpoint=True)
        if isinstance(fn, CustomVJP):
            fn = fn.fun
        prim = rules.lookup(fn)
        if prim is not None and prim.reverse is not None:
            kwargs = {k.arg: k.value for k in value.keywords}
            return self.instantiate(fn, var, value.args, kwargs, stmt)
        user = _user_function(fn, self.info.filename, getattr(value, "s2s_spec", ()))
        if user is not None:
            return self.call_user(var, value, stmt, user)
        what = rules.canonical_name(fn) or _qualified(fn)
        where = value if getattr(value, "col_offset", None) is not None else stmt
        raise self.info.error(
            where, f"{what} has no derivative rule, but it receives a differentiated value",
            "register one with @s2sgrad.custom_vjp (a library function: "
            "s2sgrad.register_vjp(function, fwd, bwd)), or wrap the call in "
            "s2sgrad.stop_gradient(...) if no gradient should flow through it",
            NonDifferentiableError)

    def instantiate(self, fn, var, args, kwargs, stmt) -> Block:
        prim = rules.lookup(fn)
        tpl = prim.reverse
        params = tpl.params
        mapping = {params[0]: name(var)}
        positional = [p for p in params[1:]]
        if tpl.varargs:
            fixed = len(positional)
            first = [p for p in positional][: max(len(args) - 0, 0)]
            mapping.update(dict(zip(first, args[:fixed])))
            mapping[tpl.varargs] = gast.Tuple(elts=list(args[fixed:]), ctx=gast.Load())
        else:
            if len(args) > len(positional):
                raise self.info.error(stmt, f"too many arguments for {prim.path}")
            mapping.update(dict(zip(positional, args)))
        for k, v in kwargs.items():
            if k not in params[1:]:
                raise self.info.error(stmt, f"{prim.path} has no derivative for the keyword "
                                      f"argument {k}=", cls=NonDifferentiableError)
            mapping[k] = v
        if "out" in mapping and not (isinstance(mapping["out"], gast.Constant)
                                     and mapping["out"].value is None):
            raise self.info.error(stmt, "out= cannot be differentiated",
                                  "assign the result instead", UnsupportedSyntaxError)
        for p in params[1:]:
            if p not in mapping:
                if p in tpl.defaults:
                    mapping[p] = clone(tpl.defaults[p])
                else:
                    raise self.info.error(stmt, f"{prim.path} is missing argument {p!r}")
        temps = {}
        out = []
        dresult = self.adj(var)
        for s in tpl.body:
            if isinstance(s, gast.Assign) and _is_adjoint_ref(s.targets[0]):
                param = s.targets[0].slice.id
                target = mapping[param]
                if not self.is_active(target) or isinstance(target, gast.Constant):
                    continue
                expr = self._subst(s.value, mapping, temps, dresult, params[0])
                expr = self._drop_unbroadcast(expr, target, mapping, params,
                                              prim.elementwise)
                out.extend(self._accumulate(target, simplify(expr)))
            else:
                for n in gast.walk(s):
                    if isinstance(n, gast.Name) and isinstance(n.ctx, gast.Store) and \
                            n.id not in temps:
                        temps[n.id] = self.temp(f"{var}_{n.id}")
                new = self._subst(s, mapping, temps, dresult, params[0])
                out.append(new)
        if not any(isinstance(s, (Acc, AccItem)) for s in out):
            return None
        return Block(var, out, primal=var)

    def _accumulate(self, target, expr) -> list:
        if isinstance(target, gast.Name):
            return [Acc(target.id, expr)]
        if isinstance(target, gast.Dict):  # **kwargs of a callee: its adjoint is a dict
            parts = self.temp("parts")
            out = [assign(parts, expr)]
            for k, e in zip(target.keys, target.values):
                if isinstance(e, (gast.Name, gast.Tuple, gast.List)) and self.is_active(e):
                    item = gast.Subscript(value=name(parts), slice=clone(k), ctx=gast.Load())
                    out.extend(self._accumulate(e, item))
            return out
        if isinstance(target, (gast.Tuple, gast.List)):
            parts = self.temp("parts")
            out = [assign(parts, expr)]
            for i, e in enumerate(target.elts):
                if isinstance(e, (gast.Name, gast.Tuple, gast.List)) and self.is_active(e):
                    item = gast.Subscript(value=name(parts), slice=const(i), ctx=gast.Load())
                    out.extend(self._accumulate(e, item))
            return out
        return []

    def _subst(self, node, mapping, temps, dresult, result_param):
        node = clone(node)

        class Sub(gast.NodeTransformer):
            def visit_Subscript(inner, n):
                if _is_adjoint_ref(n):
                    if n.slice.id != result_param:
                        raise RuntimeError("rule templates may only read d[result]")
                    return name(dresult)
                inner.generic_visit(n)
                return n

            def visit_Name(inner, n):
                if n.id in mapping:
                    new = clone(mapping[n.id])
                    return new
                if n.id in temps:
                    return gast.Name(id=temps[n.id], ctx=n.ctx, annotation=None,
                                     type_comment=None)
                if n.id in self.session.helper_names:
                    return name(self.helper(n.id))
                return n

        return Sub().visit(node)

    def _drop_unbroadcast(self, expr, target, mapping, params, prim_elementwise):
        """``unbroadcast(g, x)`` is ``g`` when every other operand is a scalar."""
        ub = self.helper("unbroadcast")

        class Drop(gast.NodeTransformer):
            def visit_Call(inner, n):
                inner.generic_visit(n)
                if isinstance(n.func, gast.Name) and n.func.id == ub and len(n.args) == 2 \
                        and prim_elementwise:
                    x = n.args[1]
                    others = [mapping[p] for p in params[1:] if p in mapping
                              and isinstance(mapping[p], (gast.Name, gast.Constant))
                              and not (isinstance(x, gast.Name) and isinstance(
                                  mapping[p], gast.Name) and mapping[p].id == x.id)]
                    # an array operand's adjoint keeps unbroadcast beside a scalar that
                    # may be complex: it drops the imaginary part for a real array
                    real = not (isinstance(x, gast.Name) and self._scalar(x))
                    if all(self._scalar(o, real) for o in others):
                        return n.args[0]
                return n

        return Drop().visit(expr)

    def _scalar(self, node, real=False) -> bool:
        """Is ``node`` a scalar (with ``real``: one that cannot be complex)?"""
        if isinstance(node, gast.Constant):
            return node.value is None or isinstance(node.value, (int, float))
        return self.analysis.kinds.get(node.id) == SCALAR and not (
            real and _maybe_complex_scalar(node.id, self.analysis.defs, set()))

    # -- calls into user functions -------------------------------------------------------------

    def call_custom(self, var, value, stmt, rule):
        """``y, y_residuals = fwd(args)``; backward ``grads = bwd(y_residuals, dy)``."""
        if any(self.is_active(k.value) for k in value.keywords):
            raise self.info.error(stmt, "a function with a custom_vjp rule cannot take a "
                                  "differentiated keyword argument",
                                  "pass it positionally", UnsupportedSyntaxError)
        base = getattr(rule.fun, "__name__", "f").strip("<>_") or "f"
        fwd = self.session.value(f"{base}_fwd", rule.fwd)
        bwd = self.session.value(f"{base}_bwd", rule.bwd)
        residuals = self.names(f"{var}_residuals")
        new_call = gast.Call(func=name(fwd), args=clone(value.args),
                             keywords=clone(value.keywords))
        target = gast.Tuple(elts=[name(var, store=True), name(residuals, store=True)],
                            ctx=gast.Store())
        fwd_stmt = gast.Assign(targets=[target], value=new_call, type_comment=None)
        gast.copy_location(fwd_stmt, stmt)
        self.forward_replace[id(stmt)] = [fwd_stmt]
        grads = [self.temp(f"d{a.id}_{base}") if isinstance(a, gast.Name)
                 and self.is_active(a) else "_" for a in value.args]
        unpack = gast.Tuple(elts=[name(g, store=True) for g in grads], ctx=gast.Store())
        call_bwd = call(name(bwd), name(residuals), name(self.adj(var)))
        if len(grads) == 1:
            unpack = gast.Tuple(elts=[name(grads[0], store=True)], ctx=gast.Store())
        stmts = [gast.Assign(targets=[unpack], value=call(self.helper("check_cotangents"),
                                                           call_bwd, const(len(grads))),
                             type_comment=None)]
        for a, g in zip(value.args, grads):
            if g != "_":
                stmts.append(Acc(a.id, name(g), maybe_zero=True))
        return Block(var, stmts, primal=var)

    def call_user(self, var, value, stmt, user, checkpoint=False):
        args = value.args
        kwargs = {k.arg: k.value for k in value.keywords}
        bound = user.bind(args, kwargs, self.info, stmt)
        active_params = [p for p in user.param_names
                         if p in bound and self.is_active(bound[p])]
        for p in user.free:
            if p in self.analysis.active:
                active_params.append(p)
                bound[p] = name(p)
        if not active_params:
            return None
        kinds = {p: self.analysis.kind(bound[p]) if isinstance(bound[p], (
            gast.Name, gast.Constant)) else "unknown" for p in bound}
        flat = checkpoint or getattr(self.session, "recompute", False)
        vjp_name = self.session.callee(user, tuple(active_params), kinds, flat=flat)
        if flat:
            return self._recompute_call(var, value, user, bound, vjp_name, active_params)
        pullback = self.names(f"{var}_pullback")
        new_call = gast.Call(func=name(vjp_name), args=clone(args),
                             keywords=user.call_keywords(value.keywords, bound))
        target = gast.Tuple(elts=[name(var, store=True), name(pullback, store=True)],
                            ctx=gast.Store())
        fwd = gast.Assign(targets=[target], value=new_call, type_comment=None)
        gast.copy_location(fwd, stmt)
        self.forward_replace[id(stmt)] = [fwd]
        grads = [self.temp(f"d{p}_{user.name}") for p in active_params]
        unpack = gast.Tuple(elts=[name(g, store=True) for g in grads], ctx=gast.Store())
        stmts = [gast.Assign(targets=[unpack], value=call(name(pullback), name(self.adj(var))),
                             type_comment=None)]
        for p, g in zip(active_params, grads):
            for acc in self._accumulate(bound[p], name(g)):
                if isinstance(acc, Acc):
                    acc.maybe_zero = True
                stmts.append(acc)
        return Block(var, stmts, primal=var)

    def _recompute_call(self, var, value, user, bound, grad_name, active_params):
        """Backward of ``y = f(args)`` as ``dargs = f_grad(args, dresult=dy)[1]``: the
        callee's forward pass runs again, and no closure is created."""
        unit = self.session.bindings[grad_name][1] if grad_name in self.session.bindings \
            else None
        seed = unit.seed if unit is not None else self.session.own_seed
        keywords = user.call_keywords(value.keywords, bound)
        keywords.append(gast.keyword(arg=seed, value=name(self.adj(var))))
        again = gast.Call(func=name(grad_name), args=clone(value.args), keywords=keywords)
        grads = [self.temp(f"d{p}_{user.name}") for p in active_params]
        unpack = gast.Tuple(elts=[name(g, store=True) for g in grads], ctx=gast.Store())
        stmts = [gast.Assign(targets=[unpack], value=gast.Subscript(
            value=again, slice=const(1), ctx=gast.Load()), type_comment=None)]
        for p, g in zip(active_params, grads):
            for acc in self._accumulate(bound[p], name(g)):
                if isinstance(acc, Acc):
                    acc.maybe_zero = True
                stmts.append(acc)
        return Block(var, stmts, primal=var)

    # -- step 2 and 3: assemble -------------------------------------------------------------------

    def generate(self, flat: bool, fn_name: str, trace: dict | None = None
                 ) -> gast.FunctionDef:
        """The derivative's def (``flat``: ``f_grad``, else ``f_vjp`` returning a backward
        closure); ``trace`` receives its source before the clean-up passes (``"reverse"``).
        """
        body = self.fn.body
        pseudo = self.reverse_block(body, 0)
        result = self.fn.result
        seed = self.adj(result)
        state = {seed: L}
        lowered, state = lower(pseudo, state, self)
        wrt_adjoints = []
        tail = []
        for p in self.wrt:
            st = state.get(self.adjoints.get(p), U) if p in self.adjoints else U
            dp = self.adj(p)
            if st == U:
                tail.append(assign(dp, call(self.helper("zeros_like"), name(p))))
            elif st in (Z, M) and not flat:
                tail.append(assign(dp, call(self.helper("densify"), name(dp), name(p))))
            wrt_adjoints.append(dp)
        needed = self._reads(lowered)
        for _ in rounds("the values the adjoint sweep reads"):
            saves = Saves(self, needed)
            resolved = saves.resolve_restores(lowered)
            now = self._reads(resolved)
            if now == needed:
                break
            needed = now
        saves.shape_only = self._shape_only(resolved)
        forward = saves.forward(body)
        backward = resolved + tail
        ret = gast.Tuple(elts=[name(d) for d in wrt_adjoints], ctx=gast.Load())
        if flat:
            value = result
            if result in _assigned(backward):
                value = self.names("value")
                forward.append(assign(value, name(result)))
            backward.insert(0, assign(seed, call(self.helper("output_seed"), name(result),
                                                 name(seed))))
            backward.append(gast.Return(value=gast.Tuple(elts=[name(value), ret],
                                                         ctx=gast.Load())))
            if trace is not None:
                trace["reverse"] = to_source(_def(fn_name, self._arguments(extra=[seed]),
                                                  saves.prologue(forward + backward)
                                                  + forward + backward))
            backward = eliminate_dead_code(backward, removable=lambda n: True)
            backward = propagate_copies(backward, self._is_generated)
            backward = eliminate_dead_code(backward, removable=lambda n: True)
            forward = eliminate_dead_code(forward, keep=self._reads(backward) | {value},
                                          removable=saves.is_slot)
            everything = saves.prologue(forward + backward) + forward + backward
            self.save_plan = saves.plan(everything)
            return _def(fn_name, self._arguments(extra=[seed]), everything)
        backward.append(gast.Return(value=ret))
        backward = eliminate_dead_code(backward, removable=lambda n: True)
        backward = propagate_copies(backward, self._is_generated)
        backward = eliminate_dead_code(backward, removable=lambda n: True)
        forward = eliminate_dead_code(forward, keep=self._reads(backward) | {result},
                                      removable=saves.is_slot)
        restored = sorted(_assigned(backward) - self.adjoint_names - self.rule_temps
                          - {"_"})
        nonlocal_stmt = [gast.Nonlocal(names=restored)] if restored else []
        back_name = self.names(f"{self.fn.name.strip('<>')}_backward")
        back_args = gast.arguments(args=[name(seed, store=False)], posonlyargs=[], vararg=None,
                                   kwonlyargs=[], kw_defaults=[], kwarg=None, defaults=[])
        for a in back_args.args:
            a.ctx = gast.Param()
        back_def = gast.FunctionDef(name=back_name, args=back_args,
                                    body=nonlocal_stmt + backward, decorator_list=[],
                                    returns=None, type_comment=None, type_params=[])
        ret_pair = gast.Return(value=gast.Tuple(elts=[name(result), name(back_name)],
                                                ctx=gast.Load()))
        body_out = saves.prologue(forward + backward) + forward + [back_def, ret_pair]
        self.save_plan = saves.plan(body_out)
        args = self._arguments(extra=[])
        return gast.FunctionDef(name=fn_name, args=args, body=body_out, decorator_list=[],
                                returns=None, type_comment=None, type_params=[])

    def _shape_only(self, stmts) -> set[str]:
        """Primal names the adjoint sweep reads only for their shape (as the shape argument
        of ``unbroadcast`` or ``reduce_adjoint``): their saves keep just the shape."""
        shape_helpers = {b for b, h in self.session.bindings.items()
                         if h in (("helper", "unbroadcast"), ("helper", "reduce_adjoint"))}
        shape_uses = set()
        tree = gast.Module(body=stmts, type_ignores=[])
        for n in gast.walk(tree):
            if isinstance(n, gast.Call) and isinstance(n.func, gast.Name) and \
                    n.func.id in shape_helpers and len(n.args) >= 2 and \
                    isinstance(n.args[1], gast.Name):
                shape_uses.add(id(n.args[1]))
        used_as_value, used_as_shape = set(), set()
        for n in gast.walk(tree):
            if isinstance(n, gast.Name) and isinstance(n.ctx, gast.Load):
                (used_as_shape if id(n) in shape_uses else used_as_value).add(n.id)
        return used_as_shape - used_as_value

    def _is_generated(self, n: str) -> bool:
        return n in self.adjoint_names or n in self.rule_temps

    def _reads(self, stmts) -> set[str]:
        """Primal names read by generated statements."""
        return set(loads_in(gast.Module(body=stmts, type_ignores=[]))) - \
            self.adjoint_names - self.rule_temps

    def _arguments(self, extra):
        params = [name(p) for p in self.fn.params[: self.fn.n_positional]]
        kwonly = [name(p) for p in self.fn.params[self.fn.n_positional:]]
        for e in extra:
            kwonly.append(name(e))
        for a in params + kwonly:
            a.ctx = gast.Param()
        kw_defaults = [None] * (len(kwonly) - len(extra)) + [const(None)] * len(extra)
        vararg = name(self.fn.vararg) if self.fn.vararg else None
        kwarg = name(self.fn.kwarg) if self.fn.kwarg else None
        for a in (vararg, kwarg):
            if a is not None:
                a.ctx = gast.Param()
        return gast.arguments(args=params, posonlyargs=[], vararg=vararg, kwonlyargs=kwonly,
                              kw_defaults=kw_defaults, kwarg=kwarg, defaults=[])


def _def(fn_name: str, args, body) -> gast.FunctionDef:
    return gast.FunctionDef(name=fn_name, args=args, body=body, decorator_list=[],
                            returns=None, type_comment=None, type_params=[])


# -- lowering of pseudo-statements -------------------------------------------------------------


def _merge(a, b):
    if a == b:
        return a
    pair = {a, b}
    if pair == {L, O}:
        return L
    return M


# helpers whose result is always a new array that nothing else refers to
_FRESH_HELPERS = {"matmul_left", "matmul_right", "dot_left", "dot_right", "outer_left",
                  "outer_right", "select_adjoint", "var_adjoint"}


def _maybe_complex_scalar(var, defs, seen) -> bool:
    """May the scalar ``var`` be complex? Yes when it comes from a full reduction (of a
    possibly complex array) or a complex constant, through arithmetic and elementwise calls;
    then ``unbroadcast`` stays in its operands' adjoints, as it drops the imaginary part of a
    real operand's adjoint. Parameters (floats or ints) and loop counters are real."""
    if var in seen:
        return False
    seen.add(var)
    for value, _ in defs.get(var, []):
        names = [value] if isinstance(value, (gast.Name, gast.Constant)) else \
            [value.operand] if isinstance(value, gast.UnaryOp) else \
            [value.left, value.right] if isinstance(value, gast.BinOp) else None
        if names is None and isinstance(value, gast.Call):
            prim = rules.lookup(anno.get(value, "fn", None))
            if prim is None or not (prim.elementwise or prim.path.startswith("math.")):
                return True
            names = value.args
        if names is None:
            continue  # a loop target, an attribute like .ndim: not complex
        for n in names:
            if isinstance(n, gast.Constant) and isinstance(n.value, complex):
                return True
            if isinstance(n, gast.Name) and _maybe_complex_scalar(n.id, defs, seen):
                return True
    return False


def _fresh(expr, gen=None) -> bool:
    """Does ``expr`` certainly evaluate to a new array (not an alias of an adjoint)?"""
    if isinstance(expr, (gast.BinOp, gast.UnaryOp)):
        return True
    if gen is not None and isinstance(expr, gast.Call) and isinstance(expr.func, gast.Name):
        helper = gen.session.bindings.get(expr.func.id)
        if helper is None or helper[0] != "helper":
            return False
        if helper[1] in _FRESH_HELPERS:
            return True
        if helper[1] == "unbroadcast" and expr.args:
            return _fresh(expr.args[0], gen)
    return False


def lower(stmts, state, gen: ReverseGenerator):
    """Lower pseudo-statements to gast statements; returns ``(stmts, state)``."""
    out = []
    state = dict(state)
    for s in stmts:
        out.extend(_lower_one(s, state, gen))
    return out, state


def _reads_maybe_zero(expr, state) -> bool:
    return any(state.get(n) == M for n in loads_in(expr))


def _lower_one(s, state, gen: ReverseGenerator):
    if isinstance(s, Acc):
        d = gen.adj(s.var)
        st = state.get(d, U)
        maybe_zero = s.maybe_zero or _reads_maybe_zero(s.expr, state)
        container = s.var in gen.analysis.containers
        if st in (U, Z):
            state[d] = M if maybe_zero else (O if _fresh(s.expr, gen) and not container else L)
            return [assign(d, s.expr)]
        if container:
            state[d] = L
            return [assign(d, call(gen.helper("add"), name(d), s.expr))]
        op, expr = gast.Add(), s.expr
        if isinstance(expr, gast.UnaryOp) and isinstance(expr.op, gast.USub):
            op, expr = gast.Sub(), expr.operand
        if st == O:
            return [gast.AugAssign(target=name(d, store=True), op=op, value=expr)]
        state[d] = M if (st == M and maybe_zero) else O
        return [assign(d, gast.BinOp(left=name(d), op=op, right=expr))]
    if isinstance(s, (AccItem, ZeroItem, PopItem)):
        d = gen.adj(s.var)
        st = state.get(d, U)
        out = []
        if st in (U, Z):
            out.append(assign(d, call(gen.helper("zeros_like"), s.obj)))
        elif st != O:
            out.append(assign(d, call(gen.helper("fresh_adjoint"), name(d), s.obj)))
        state[d] = O
        if isinstance(s, AccItem):
            if s.basic:
                target = gast.Subscript(value=name(d), slice=s.index, ctx=gast.Store())
                out.append(gast.AugAssign(target=target, op=gast.Add(), value=s.expr))
            else:
                out.append(gast.Expr(value=call(gen.helper("add_at"), name(d),
                                                 _index_value(s.index), s.expr)))
        elif isinstance(s, ZeroItem):
            target = gast.Subscript(value=name(d), slice=s.index, ctx=gast.Store())
            out.append(gast.Assign(targets=[target], value=const(0.0), type_comment=None))
        elif s.value is None:
            out.append(gast.Expr(value=call(gen.helper("pop_adjoint"), name(d))))
        else:
            out.append(assign(s.temp, call(gen.helper("pop_adjoint"), name(d))))
            out.extend(_lower_one(Acc(s.value, name(s.temp)), state, gen))
            state[gen.adj(s.value)] = _merge(state[gen.adj(s.value)], M) if state[
                gen.adj(s.value)] != O else O
        return out
    if isinstance(s, Kill):
        d = gen.adj(s.var)
        if state.get(d, U) in (U,):
            return []
        if gen.loop_depth > 0:
            state[d] = Z
            return [assign(d, const(0.0))]
        state[d] = U
        return []
    if isinstance(s, Block):
        d = gen.adj(s.var)
        st = state.get(d, U)
        if st in (U, Z):
            return []
        if st == M:
            # d may still be the 0.0 placeholder: run the block only when it is not
            inner = dict(state)
            inner[d] = L
            body, sb = lower(s.stmts, inner, gen)
            orelse, so = [], dict(state)
            _merge_branches(body, sb, orelse, so, state)
            out = [gast.If(test=call(gen.helper("nonzero"), name(d)), body=body or [
                gast.Pass()], orelse=orelse)]
        else:
            out = []
            for inner_stmt in s.stmts:
                out.extend(_lower_one(inner_stmt, state, gen))
        if s.line is not None:
            for stmt in out:
                if anno.get(stmt, "line", None) is None:
                    anno.set(stmt, "line", s.line)
        return out
    if isinstance(s, Restore):
        return [s]
    if isinstance(s, gast.If):
        body, sb = lower(s.body, state, gen)
        orelse, so = lower(s.orelse, state, gen)
        _merge_branches(body, sb, orelse, so, state)
        if not _has_code(body) and not _has_code(orelse):
            return [r for r in body + orelse if isinstance(r, Restore)] and [
                gast.If(test=s.test, body=body or [gast.Pass()], orelse=orelse)]
        node = gast.If(test=s.test, body=body or [gast.Pass()], orelse=orelse)
        return [node]
    if isinstance(s, gast.For):
        return _lower_loop(s, state, gen)
    return [s]


def _merge_branches(body, sb, orelse, so, state):
    """Join the adjoint states of two branches into ``state``; an adjoint defined on one
    side only is set to 0.0 on the other, so that it is defined after the join."""
    for d in sorted(set(sb) | set(so)):
        a, b = sb.get(d, U), so.get(d, U)
        if a == U and b != U:
            body.append(assign(d, const(0.0)))
            a = Z
        elif b == U and a != U:
            orelse.append(assign(d, const(0.0)))
            b = Z
        state[d] = _merge(a, b) if a != U else U


def _has_code(stmts) -> bool:
    return any(not isinstance(s, gast.Pass) for s in stmts)


def _touched(stmts, gen) -> set[str]:
    out = set()
    for s in stmts:
        if isinstance(s, (Acc, AccItem, ZeroItem, PopItem, Kill)):
            out.add(gen.adj(s.var))
            if isinstance(s, PopItem) and s.value is not None:
                out.add(gen.adj(s.value))
        elif isinstance(s, Block):
            out |= _touched(s.stmts, gen)
        elif isinstance(s, gast.If):
            out |= _touched(s.body, gen) | _touched(s.orelse, gen)
        elif isinstance(s, gast.For):
            out |= _touched(s.body, gen)
    return out


def _item_targets(stmts, gen) -> dict:
    """Adjoints updated item by item in ``stmts``, with the primal they are shaped like."""
    out = {}
    for s in stmts:
        if isinstance(s, (AccItem, ZeroItem, PopItem)):
            out.setdefault(gen.adj(s.var), s.obj)
        elif isinstance(s, Block):
            for k, v in _item_targets(s.stmts, gen).items():
                out.setdefault(k, v)
        elif isinstance(s, (gast.If, gast.For)):
            for part in (s.body, getattr(s, "orelse", [])):
                for k, v in _item_targets(part, gen).items():
                    out.setdefault(k, v)
    return out


def _accumulated(stmts, gen) -> set[str]:
    """Adjoints that ``stmts`` only ever add to (never reset or replace)."""
    adds, other = set(), set()

    def visit(body):
        for s in body:
            if isinstance(s, Acc):
                adds.add(gen.adj(s.var))
            elif isinstance(s, (AccItem, ZeroItem, PopItem, Kill)):
                other.add(gen.adj(s.var))
            elif isinstance(s, Block):
                visit(s.stmts)
            elif isinstance(s, (gast.If, gast.For)):
                visit(s.body)
                visit(getattr(s, "orelse", []))

    visit(stmts)
    return adds - other


def _lower_loop(s, state, gen):
    before = []
    touched = _touched(s.body, gen)
    assigned_in_loop = _assigned(anno.get(s, "loop").node.body)
    for d, obj in sorted(_item_targets(s.body, gen).items()):
        # allocate once before the loop instead of copying in every iteration
        if isinstance(obj, gast.Name) and obj.id not in assigned_in_loop:
            st = state.get(d, U)
            if st in (U, Z):
                before.append(assign(d, call(gen.helper("zeros_like"), obj)))
            elif st in (L, M):
                before.append(assign(d, call(gen.helper("fresh_adjoint"), name(d), obj)))
            state[d] = O
    primal_of = {a: v for v, a in gen.adjoints.items()}
    accumulated = _accumulated(s.body, gen)
    for d in sorted(touched):
        var = primal_of.get(d)
        if state.get(d, U) in (U, Z) and d in accumulated and var is not None and \
                var not in assigned_in_loop and var not in gen.analysis.containers and \
                gen.analysis.kinds.get(var) == "array":
            # an array the loop only adds to: allocate it once and add in place
            before.append(assign(d, call(gen.helper("zeros_like"), name(var))))
            state[d] = O
        elif state.get(d, U) == U:
            before.append(assign(d, const(0.0)))
            state[d] = Z
    gen.loop_depth += 1
    entry = dict(state)
    current = dict(state)
    for _ in rounds("the adjoint states of a loop body"):
        body, end = lower(s.body, current, gen)
        merged = {d: _merge(entry.get(d, U), end.get(d, U)) for d in set(entry) | set(end)}
        for d in merged:
            if entry.get(d, U) == U and end.get(d, U) != U and d not in touched:
                merged[d] = end[d]
        if merged == current:
            break
        current = merged
    gen.loop_depth -= 1
    state.clear()
    state.update(current)
    loop = gast.For(target=s.target, iter=s.iter, body=body or [gast.Pass()], orelse=[],
                    type_comment=None)
    anno.set(loop, "loop", anno.get(s, "loop"))
    return before + [loop]


# -- saving overwritten primal values ------------------------------------------------------------


@dataclass(frozen=True)
class Save:
    """One saved primal value: ``var`` before statement ``line`` overwrites it, kept in
    ``slot`` (a stack with one value per loop iteration when ``per_iteration``)."""

    var: str
    slot: str
    per_iteration: bool
    line: int | None
    shape_only: bool = False

    def __str__(self) -> str:
        what = f"{self.var} (its shape)" if self.shape_only else self.var
        where = f"on {self.slot}, one per loop iteration" if self.per_iteration \
            else f"in {self.slot}"
        line = "" if self.line is None else f" (line {self.line})"
        return f"{what}: saved {where}{line}"


@dataclass(frozen=True)
class SavePlan:
    """The save planning of one reverse-mode function: the primal names the adjoint sweep
    reads, and the values of them the primal sweep overwrites first, which it saves.

        >>> print(plan)  # doctest: +SKIP
        reads: h, w
        h: saved on h_stack, one per loop iteration (line 4)
    """

    reads: tuple[str, ...]
    saves: tuple[Save, ...]

    def saved(self, var: str) -> list[Save]:
        return [s for s in self.saves if s.var == var]

    def __str__(self) -> str:
        lines = [f"reads: {', '.join(self.reads) or '(nothing)'}"]
        lines += [str(s) for s in self.saves] or ["saves: (nothing)"]
        return "\n".join(lines)


class Saves:
    """Decides which overwritten values to save, and writes the saves and restores."""

    def __init__(self, gen: ReverseGenerator, needed: set[str]):
        self.gen = gen
        self.needed = needed
        self.slots: dict[tuple[str, int], str] = {}
        self.stacks: dict[str, str] = {}
        self.inits: set[str] = set()
        self.shape_only: set[str] = set()

    def wants(self, var, depth) -> bool:
        return var in self.needed and var not in self.gen.invariant and (
            self.gen.overwritten(var) or depth > 0)

    def _slot(self, var, key, depth):
        if (var, key) in self.slots:
            return self.slots[(var, key)]
        names = self.gen.slot_names
        if depth > 0:
            if ("stack", var) not in names:
                names[("stack", var)] = self.gen.names(f"{var}_stack")
            slot = self.stacks[var] = names[("stack", var)]
        else:
            if ("slot", var, key) not in names:
                names[("slot", var, key)] = self.gen.names(f"{var}_saved")
            slot = names[("slot", var, key)]
        self.slots[(var, key)] = slot
        if var not in self.gen.fn.params:
            self.inits.add(var)
        return slot

    def resolve_restores(self, stmts):
        out = []
        for s in stmts:
            if isinstance(s, Restore):
                if self.wants(s.var, s.depth):
                    out.extend(self._restore_code(s))
                continue
            if isinstance(s, gast.If):
                s = copy.copy(s)  # the same lowered code is resolved more than once
                s.body = self.resolve_restores(s.body) or [gast.Pass()]
                s.orelse = self.resolve_restores(s.orelse)
                if not _has_code(s.body) and not _has_code(s.orelse):
                    continue
            elif isinstance(s, gast.For):
                info = anno.get(s, "loop")
                s = copy.copy(s)
                s.body = self.resolve_restores(s.body) or [gast.Pass()]
                pre = []
                if info.counter and info.depth > 0:
                    stack = self._slot(info.counter, id(info.node), info.depth)
                    pre.append(assign(info.counter, call(gast.Attribute(
                        value=name(stack), attr="pop", ctx=gast.Load()))))
                if not _has_code(s.body):
                    continue
                out.extend(pre)
            out.append(s)
        return out

    def _restore_code(self, s: Restore):
        out = self._restore_stmts(s)
        line = getattr(self._statement(s.key), "lineno", None)
        if line is not None:
            for r in out:
                anno.set(r, "line", line)
        return out

    def _restore_stmts(self, s: Restore):
        stmt = self._statement(s.key)
        if isinstance(stmt, gast.Expr) and anno.has(stmt, "append"):
            return [gast.Expr(value=call(gast.Attribute(value=name(s.var), attr="pop",
                                                        ctx=gast.Load())))]
        slot = self._slot(s.var, s.key, s.depth)
        if isinstance(stmt, gast.Assign) and isinstance(stmt.targets[0], gast.Subscript):
            target = clone(stmt.targets[0])
            target.ctx = gast.Store()
            value = name(slot)
            if s.depth > 0:
                value = call(gast.Attribute(value=name(slot), attr="pop", ctx=gast.Load()))
            if s.var in self.gen.analysis.containers:  # a dict may not have had the key
                value = call(self.gen.helper("restore_value"), name(s.var),
                             _index_value(clone(stmt.targets[0].slice)), value)
            return [gast.Assign(targets=[target], value=value, type_comment=None)]
        if s.depth > 0:
            return [assign(s.var, call(gast.Attribute(value=name(slot), attr="pop",
                                                      ctx=gast.Load())))]
        return [assign(s.var, name(slot))]

    def _statement(self, key):
        if not hasattr(self, "_by_id"):
            self._by_id = {id(n): n for n in gast.walk(gast.Module(body=self.gen.fn.body,
                                                                   type_ignores=[]))}
        return self._by_id.get(key)

    def _save_code(self, var, key, depth, stmt):
        slot = self.slots[(var, key)]
        if isinstance(stmt, gast.Assign) and isinstance(stmt.targets[0], gast.Subscript) and \
                var in self.gen.analysis.containers:
            value = call(self.gen.helper("save_item"), name(var),
                         _index_value(clone(stmt.targets[0].slice)))
        elif isinstance(stmt, gast.Assign) and isinstance(stmt.targets[0], gast.Subscript):
            value = call(self.gen.helper("snapshot"), gast.Subscript(
                value=name(var), slice=clone(stmt.targets[0].slice), ctx=gast.Load()))
        elif var in self.shape_only:
            value = call(self.gen.helper("shape_of"), name(var))
        else:
            value = name(var)
        if depth > 0:
            return [gast.Expr(value=call(gast.Attribute(value=name(slot), attr="append",
                                                        ctx=gast.Load()), value))]
        return [assign(slot, value)]

    def forward(self, body, depth=0):
        out = []
        for s in body:
            if isinstance(s, gast.If):
                s = copy.copy(s)
                s.body = self.forward(s.body, depth) or [gast.Pass()]
                s.orelse = self.forward(s.orelse, depth)
                out.append(s)
                continue
            if isinstance(s, (gast.For, gast.While)):
                info = self.gen.loops.get(id(s))
                pre, post = [], []
                if info is not None and info.target and (info.target, id(s)) in self.slots:
                    pre.extend(self._save_code(info.target, id(s), depth, s))
                loop = copy.copy(s)
                loop.body = self.forward(s.body, depth + 1)
                if info is not None and info.counter:
                    pre.append(assign(info.counter, const(0)))
                    loop.body.insert(0, gast.AugAssign(target=name(info.counter, store=True),
                                                       op=gast.Add(), value=const(1)))
                    if depth > 0:
                        stack = self._slot(info.counter, id(s), depth)
                        post.append(gast.Expr(value=call(gast.Attribute(
                            value=name(stack), attr="append", ctx=gast.Load()),
                            name(info.counter))))
                out.extend(pre + [loop] + post)
                continue
            replaced = self.gen.forward_replace.get(id(s), [s])
            if isinstance(s, gast.Assign) and isinstance(s.value, gast.Subscript) and \
                    isinstance(s.targets[0], gast.Name) and s.targets[0].id in self.needed \
                    and isinstance(s.value.value, gast.Name) and \
                    s.value.value.id in self.gen.mutated:
                copied = copy.copy(s)
                copied.value = call(self.gen.helper("snapshot"), s.value)
                replaced = [copied]
            for (var, key), _slot in list(self.slots.items()):
                if key == id(s):
                    out.extend(self._save_code(var, key, depth, s))
            out.extend(replaced)
        return out

    def is_slot(self, n: str) -> bool:
        return n in set(self.slots.values()) and n not in self.stacks.values()

    def plan(self, code) -> SavePlan:
        """The :class:`SavePlan` of the final ``code`` (saves it no longer reads are gone)."""
        used = set(loads_in(gast.Module(body=code, type_ignores=[])))
        saves = set()
        for (var, key), slot in self.slots.items():
            if slot in used:
                stmt = self._statement(key)
                saves.add(Save(var, slot, slot in self.stacks.values(),
                               getattr(stmt, "lineno", None), var in self.shape_only))
        primal = set(self.gen.analysis.defs) | set(self.gen.fn.params)
        reads = tuple(sorted(n for n in self.needed & primal if n not in self.slots.values()))
        return SavePlan(reads, tuple(sorted(saves, key=lambda s: (s.var, s.slot,
                                                                   s.line or 0))))

    def prologue(self, code):
        """``v = None`` for saved names that may be unbound, and the empty stacks."""
        used = set(loads_in(gast.Module(body=code, type_ignores=[])))
        out = []
        for var in sorted(self.inits):
            slots = {s for (v, _), s in self.slots.items() if v == var}
            if slots & used and not rebound_first(self.gen.fn, var):
                out.append(assign(var, const(None)))
        stacks = [var for var in sorted(self.stacks) if self.stacks[var] in used]
        if stacks:
            out.append(comment("memory: one saved value per loop iteration for each of "
                               + ", ".join(f"{v} (its shape)" if v in self.shape_only else v
                                           for v in stacks)))
        for var in stacks:
            out.append(assign(self.stacks[var], gast.List(elts=[], ctx=gast.Load())))
        return out


# -- small helpers ---------------------------------------------------------------------------


# operators that lists and tuples overload (runtime helpers ``<name>_adjoint``/``_tangent``)
_SEQUENCE_OPS = {gast.Add: "add_or_concat", gast.Mult: "mul_or_repeat"}


def _is_adjoint_ref(node) -> bool:
    return (isinstance(node, gast.Subscript) and isinstance(node.value, gast.Name)
            and node.value.id == "d" and isinstance(node.slice, gast.Name))


def _deterministic(value) -> bool:
    if isinstance(value, (gast.BinOp, gast.UnaryOp, gast.Compare, gast.Constant, gast.Name,
                          gast.Attribute)):
        return True
    if isinstance(value, gast.Call):
        prim = rules.lookup(anno.get(value, "fn", None))
        return prim is not None and prim.reverse is not None and not is_fresh(value)
    return False


def _index_value(index):
    """An index as an ordinary expression: ``:`` becomes ``slice(None)`` and so on."""
    if isinstance(index, gast.Slice):
        parts = [p if p is not None else const(None)
                 for p in (index.lower, index.upper, index.step)]
        return call("slice", *parts)
    if isinstance(index, gast.Tuple):
        return gast.Tuple(elts=[_index_value(e) for e in index.elts], ctx=gast.Load())
    return index


def _basic_index(index, analysis) -> bool:
    if isinstance(index, gast.Tuple):
        return all(_basic_index(e, analysis) for e in index.elts)
    if isinstance(index, gast.Slice):
        return True
    if isinstance(index, gast.Constant):
        return index.value is None or index.value is Ellipsis or isinstance(index.value, int)
    if isinstance(index, gast.Name):
        return analysis.kinds.get(index.id) == SCALAR
    return False


def _assigned(stmts) -> set[str]:
    return stores_in(gast.Module(body=stmts, type_ignores=[]))


class UserFunction:
    """A Python function (module-level or local) called from differentiated code."""

    def __init__(self, fn, node=None, free=(), info=None, spec=()):
        self.fn = fn
        self.node = node
        self.free = list(free)
        self.info = info
        self.spec = spec  # what the call site fixes (normalize.call_spec)
        if node is not None:
            a = node.args
            self.param_names = [p.id for p in a.posonlyargs + a.args + a.kwonlyargs]
            self.n_pos = len(a.posonlyargs + a.args)
            self.name = node.name.strip("<>")
            self.vararg = a.vararg.id if a.vararg else None
            self.kwarg = a.kwarg.id if a.kwarg else None
        else:
            code = fn.__code__
            self.param_names = list(code.co_varnames[:code.co_argcount + code.co_kwonlyargcount])
            self.n_pos = code.co_argcount
            self.name = fn.__code__.co_name.strip("<>")  # a wraps wrapper: "wrapper"
            extra = code.co_varnames[len(self.param_names):]
            self.vararg = extra[0] if code.co_flags & inspect.CO_VARARGS else None
            self.kwarg = extra[1 if self.vararg else 0] \
                if code.co_flags & inspect.CO_VARKEYWORDS else None
        self.param_names += [p for p in (self.vararg, self.kwarg) if p is not None]

    def defaults(self) -> dict:
        """Default-value expressions of a local function's parameters."""
        a = self.node.args
        positional = a.posonlyargs + a.args
        out = {p.id: d for p, d in zip(positional[len(positional) - len(a.defaults):],
                                       a.defaults)}
        out.update({p.id: d for p, d in zip(a.kwonlyargs, a.kw_defaults) if d is not None})
        return out

    def call_keywords(self, keywords, bound) -> list:
        """Keywords for a call to this function's derivative: the call's own, the defaults
        of a local function (its derivative has none), and its free variables."""
        out = clone(keywords)
        if self.node is not None:
            out += [gast.keyword(arg=p, value=clone(d)) for p, d in self.defaults().items()
                    if p not in bound]
        return out + [gast.keyword(arg=p, value=name(p)) for p in self.free]

    def bind(self, args, kwargs, info, stmt) -> dict:
        """Parameter -> argument expression; ``*args`` gets a tuple display of the extra
        positional arguments, ``**kwargs`` a dict display of the extra keywords."""
        bound = {}
        positional = self.param_names[: self.n_pos]
        if len(args) > len(positional) and self.vararg is None:
            raise info.error(stmt, f"too many arguments in the call to {self.name}()")
        for p, a in zip(positional, args):
            bound[p] = a
        if self.vararg is not None:
            bound[self.vararg] = gast.Tuple(elts=list(args[len(positional):]), ctx=gast.Load())
        extra = {}
        for k, v in kwargs.items():
            if k not in self.param_names[:len(self.param_names) - (self.vararg is not None)
                                         - (self.kwarg is not None)]:
                if self.kwarg is None:
                    raise info.error(stmt, f"{self.name}() got an unexpected keyword "
                                     f"argument {k!r}")
                extra[k] = v
                continue
            bound[k] = v
        if self.kwarg is not None:
            bound[self.kwarg] = gast.Dict(keys=[const(k) for k in extra],
                                          values=list(extra.values()))
        return bound

    @property
    def key(self):
        """Identifies the function: code objects of identical functions in different
        files compare equal, so the file and the function object are part of it."""
        if self.fn is not None:
            return ("module", self.fn.__code__, self.fn.__code__.co_filename, id(self.fn)) \
                + ((self.spec,) if self.spec else ())
        return ("local", self.info.filename, self.node.name, self.node.lineno,
                self.node.col_offset) + ((self.spec,) if self.spec else ())


def _qualified(fn) -> str:
    """``numpy.fft.fft`` for a function, ``a <type> object`` for anything else."""
    if isinstance(fn, types.MethodType):  # e.g. scipy.stats.laplace.logpdf: name the object
        owner = type(fn.__self__)
        return f"{owner.__module__}.{owner.__qualname__}.{fn.__name__}"
    qualname = getattr(fn, "__qualname__", None)
    if qualname is None:
        return f"a {type(fn).__name__} object"
    module = getattr(fn, "__module__", None)
    return f"{module}.{qualname}" if module else qualname


def _user_function(fn, caller: str | None = None, spec=()):
    """The callee ``fn`` as user code to differentiate; None for library functions (see
    :func:`_is_library`; ``caller``: the calling function's file; ``spec``: what the call
    site fixes, see :func:`s2sgrad.normalize.call_spec`)."""
    fn = through_cache(fn)
    if isinstance(fn, LocalFunction):
        return UserFunction(None, fn.node, fn.free, fn.info, spec)
    if isinstance(fn, types.FunctionType) and not _is_library(fn, caller):
        return UserFunction(fn, spec=spec)
    return None


def _nested_user(gen, fn, value, stmt) -> UserFunction:
    """The function a nested ``grad(F)`` differentiates, as a callee (see nested.py)."""
    user = _user_function(fn.target, gen.info.filename, getattr(value, "s2s_spec", ()))
    if user is None:
        raise gen.info.error(stmt, f"{_qualified(fn.target)} is a library function: a nested "
                             f"{fn.what}() differentiates functions s2sgrad has the source of",
                             "differentiate a def or lambda that calls it",
                             NonDifferentiableError)
    return user


def _library_dirs() -> tuple[str, ...]:
    """Where installed distributions and the standard library live (not the user's code)."""
    import os
    import site
    import sysconfig

    dirs = {sysconfig.get_paths()[k] for k in ("stdlib", "platstdlib", "purelib", "platlib")}
    dirs.update(getattr(site, "getsitepackages", list)())
    user_site = getattr(site, "getusersitepackages", lambda: None)()
    if isinstance(user_site, str):
        dirs.add(user_site)
    # longest first: site-packages may lie inside the standard library's directory
    return tuple(sorted({os.path.join(os.path.realpath(d), "") for d in dirs if d}, key=len,
                        reverse=True))


_LIBRARY_DIRS = _library_dirs()
_OWN_DIR = __file__.rsplit("reverse.py", 1)[0]


def _is_library(fn, caller: str | None = None) -> bool:
    """A function of an installed library (NumPy, SciPy, ...): s2sgrad never reads its
    source; without a rule, a call of it is an error at the user's line. A callee in the
    same installed package as its caller (``caller``: the caller's file) is the user's."""
    import os

    filename = os.path.realpath(fn.__code__.co_filename)
    if filename.startswith(os.path.realpath(_OWN_DIR)):
        return False
    for root in _LIBRARY_DIRS:
        if filename.startswith(root):
            if caller is not None:
                here = os.path.realpath(caller)
                top = filename[len(root):].split(os.sep)[0]
                if here.startswith(root) and here[len(root):].split(os.sep)[0] == top and \
                        os.path.isdir(os.path.join(root, top)):
                    return False
            return True
    return False


__all__ = ["ReverseGenerator", "UserFunction"]
