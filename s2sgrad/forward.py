"""Forward mode: tangent statements interleaved with the primal ones.

    h = np.tanh(h_add)        ->   h = np.tanh(h_add)
                                   h_dot = h_add_dot * (1.0 - h * h)

The tangent of ``x`` is ``x_dot``. Each normal-form statement is followed by
the statements that compute its result's tangent from the tangents of its
operands, by the ``@tangent`` rule of the primitive it calls
(:mod:`s2sgrad.rules`). Nothing is saved, so loops and branches keep
their shape; lists get tangent lists that are appended to and popped in
lockstep; calls to user functions call their own ``<name>_jvp`` unit.

Generated gradients are ordinary Python that calls runtime helpers, which have
tangent rules too: transforming a generated function again gives forward over
reverse (Hessian-vector products) and forward over forward (third derivatives).
"""

from __future__ import annotations

import copy

import gast

from . import anno, nested, rules, runtime
from .activity import SCALAR, Analysis, _propagates, definitions
from .custom import Checkpoint, CustomVJP, custom_rule
from .errors import NonDifferentiableError, UnsupportedSyntaxError
from .nested import Nested
from .normalize import NormalFunction
from .optimize import simplify
from .reverse import _SEQUENCE_OPS, _nested_user, _user_function
from .rules.python import BINOP_PRIMITIVES, UNARY_PRIMITIVES
from .syntax import assign, call, const, loads_in, name
from .validate import check_mutations

# runtime helpers that generated forward code calls, bound by value
FORWARD_HELPERS = {f.__name__: f for f in (
    runtime.broadcast_tangent, runtime.add_at_value, runtime.sort_tangent, runtime.norm_tangent,
    runtime.einsum_tangent, runtime.einsum_cross, runtime.einsum_adjoint_tangent)}
P, Z, T = "primal", "zero", "tangent"  # what a template expression carries

# tangent expressions that certainly build a new array (safe to write into)
_FRESH_CALLS = {"zeros_like", "snapshot", "fresh_adjoint", "np.copy", "np.array",
                "np.zeros", "list"}


def _is_tangent_ref(node) -> bool:
    return (isinstance(node, gast.Subscript) and isinstance(node.value, gast.Name)
            and node.value.id == "t" and isinstance(node.slice, gast.Name))


def _call_name(node) -> str:
    f = node.func
    parts = []
    while isinstance(f, gast.Attribute):
        parts.append(f.attr)
        f = f.value
    if isinstance(f, gast.Name):
        parts.append(f.id)
    return ".".join(reversed(parts))


def rewrite_in_place(body) -> list:
    """``add_at(g, i, v)`` statements (generated reverse code) -> ``g = add_at_value(g, i, v)``,
    so that activity analysis sees them as assignments to ``g``."""
    out = []
    for s in body:
        if isinstance(s, gast.Expr) and isinstance(s.value, gast.Call) and anno.get(
                s.value, "fn", None) is _add_at() and s.value.args and isinstance(
                s.value.args[0], gast.Name):
            c = s.value
            new_call = gast.Call(func=name("add_at_value"), args=list(c.args), keywords=[])
            anno.set(new_call, "fn", FORWARD_HELPERS["add_at_value"])
            new = gast.copy_location(assign(c.args[0].id, new_call), s)
            out.append(new)
            continue
        for attr in ("body", "orelse"):
            if hasattr(s, attr) and not isinstance(s, gast.FunctionDef):
                setattr(s, attr, rewrite_in_place(getattr(s, attr)))
        out.append(s)
    return out


def _add_at():
    from . import runtime
    return runtime.add_at


def _template_tangent_params(tpl) -> set[str]:
    """Parameters whose tangents a template reads."""
    out = set()
    for n in gast.walk(gast.Module(body=tpl.body, type_ignores=[])):
        if _is_tangent_ref(n) and isinstance(n.ctx, gast.Load):
            out.add(n.slice.id)
    return out


def _bind_template(tpl, args, kwargs) -> dict | None:
    """``{param: atom}`` for a call's arguments (without defaults), or None if unbindable."""
    params = tpl.params[1:]
    mapping = {}
    if tpl.varargs:
        mapping.update(dict(zip(params, args[: len(params)])))
        mapping[tpl.varargs] = gast.Tuple(elts=list(args[len(params):]), ctx=gast.Load())
    else:
        if len(args) > len(params):
            return None
        mapping.update(dict(zip(params, args)))
    for k, v in kwargs.items():
        mapping[k] = v
    return mapping


def varies(value, active) -> bool:
    """Can a non-zero tangent flow from the active names ``value`` reads into its result?

    Like :meth:`Analysis.propagates`, but a primitive call varies only through the
    arguments its tangent rule differentiates (``unbroadcast(g, x)`` only through ``g``).
    """
    if isinstance(value, gast.Call):
        fn = anno.get(value, "fn", None)
        prim = rules.lookup(fn)
        if prim is not None and prim.forward is not None and not rules.is_nondifferentiable(fn):
            mapping = _bind_template(prim.forward, value.args,
                                     {k.arg: k.value for k in value.keywords})
            if mapping is not None:
                wanted = _template_tangent_params(prim.forward)
                reads = [n for p in wanted if p in mapping for n in loads_in(mapping[p])]
                return any(n in active for n in reads)
    return _propagates(value, active)


def forward_active(fn: NormalFunction, wrt, analysis: Analysis) -> set[str]:
    active = set(wrt)
    defs = definitions(fn.body)
    changed = True
    while changed:
        changed = False
        for n, value, stmt in defs:
            if n in active or isinstance(value, gast.For):
                continue
            if isinstance(stmt, gast.Expr):  # xs.append(v)
                hit = isinstance(value, gast.Name) and value.id in active
            else:
                hit = varies(value, active)
            if hit:
                active.add(n)
                changed = True
    return active


def validate(fn: NormalFunction, analysis: Analysis) -> None:
    """Reverse mode's checks of in-place changes and their aliases
    (:func:`s2sgrad.validate.check_mutations`): forward mode runs the primal the same way
    (``y += x`` as ``y = y + x``), so the same programs are wrong."""
    if (fn.info.filename or "").startswith("<s2sgrad "):
        return  # generated derivative code (forward over reverse) changes only its own values
    check_mutations(fn, analysis)


class ForwardGenerator:
    """Builds ``f_jvp(<params>, *, <p>_dot=None, ...) -> (result, result_dot)``."""

    def __init__(self, fn: NormalFunction, analysis: Analysis, wrt: list[str], session):
        self.fn = fn
        self.info = fn.info
        self.analysis = analysis
        self.wrt = list(wrt)
        self.session = session
        self.names = fn.names
        self.active = forward_active(fn, wrt, analysis)
        self.tangents: dict[str, str] = {}
        for p in self.wrt:
            self.tan(p)
        self.mutated = self._mutated()
        self._defaulted: set[str] = set()

    # -- naming ----------------------------------------------------------------------------

    def tan(self, var: str) -> str:
        if var not in self.tangents:
            self.tangents[var] = self.names(var.lstrip("_") + "_dot")
        return self.tangents[var]

    def helper(self, n: str) -> str:
        return self.session.helper(n)

    def _mutated(self) -> set[str]:
        out = set()
        for s in gast.walk(gast.Module(body=self.fn.body, type_ignores=[])):
            if isinstance(s, gast.Assign):
                target = s.targets[0]
                if isinstance(target, gast.Subscript) and isinstance(target.value, gast.Name):
                    out.add(target.value.id)
                elif isinstance(s.value, gast.Call) and anno.get(s.value, "fn", None) is \
                        FORWARD_HELPERS["add_at_value"] and isinstance(s.value.args[0], gast.Name):
                    out.add(s.value.args[0].id)
        return out

    def is_active(self, node) -> bool:
        return any(n in self.active for n in loads_in(node))

    # -- tangents of atoms -----------------------------------------------------------------

    def zero(self, atom) -> gast.expr:
        """A zero tangent for the value ``atom``."""
        if isinstance(atom, gast.Constant):
            return const(None) if atom.value is None else const(0.0)
        if isinstance(atom, (gast.Tuple, gast.List)):
            return type(atom)(elts=[self.zero(e) for e in atom.elts], ctx=gast.Load())
        return call(self.helper("zeros_like"), copy.deepcopy(atom))

    def tangent_of(self, atom):
        """``(expr, kind)``: the tangent of ``atom``; kind Z when it is certainly zero."""
        if isinstance(atom, gast.Name):
            if atom.id in self.active:
                return name(self.tan(atom.id)), T
            return self.zero(atom), Z
        if isinstance(atom, (gast.Tuple, gast.List)):
            parts = [self.tangent_of(e) for e in atom.elts]
            kind = T if any(k == T for _, k in parts) else Z
            return type(atom)(elts=[e for e, _ in parts], ctx=gast.Load()), kind
        if isinstance(atom, gast.Dict):  # **kwargs of a callee
            parts = [self.tangent_of(v) for v in atom.values]
            kind = T if any(k == T for _, k in parts) else Z
            return gast.Dict(keys=copy.deepcopy(atom.keys), values=[e for e, _ in parts]), kind
        return self.zero(atom), Z

    # -- statements -------------------------------------------------------------------------

    def block(self, stmts) -> list:
        out = []
        for s in stmts:
            out.extend(self.stmt(s))
        return out

    def stmt(self, s) -> list:
        if isinstance(s, gast.Assign):
            target = s.targets[0]
            if isinstance(target, gast.Name):
                primal, tangent = self.assign(target.id, s.value, s)
                return primal + [self._line(x, s) for x in tangent]
            return [s] + [self._line(x, s) for x in self.setitem(target, s.value)]
        if isinstance(s, gast.Expr):
            if anno.has(s, "append"):
                return [s] + [self._line(x, s) for x in self.append(s)]
            return [s]
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
        if isinstance(value, gast.Constant) and isinstance(value.value, (int, float)) and \
                var not in self.mutated:
            return assign(self.tan(var), const(0.0))
        return assign(self.tan(var), call(self.helper("zeros_like"), name(var)))

    def assign(self, var, value, stmt):
        """``(primal statements, tangent statements)`` for ``var = value``."""
        if isinstance(value, gast.Call) and var in self.active and varies(value, self.active):
            fn = anno.get(value, "fn", None)
            prim = rules.lookup(fn)
            if fn not in (rules.ASTYPE, rules.ITEM, rules.LIST_POP, rules.TOLIST,
                          rules.ASTYPE_OTHER, rules.DICT_GET) and (
                    prim is None or prim.forward is None) and not rules.is_nondifferentiable(fn):
                return self.call_user(var, value, stmt)
        if var not in self.active:
            return [stmt], []
        if not varies(value, self.active):
            return [stmt], [self.zero_assign(var, value)]
        return [stmt], self.rule(var, value, stmt)

    def rule(self, var, value, stmt) -> list:
        if isinstance(value, gast.Name):
            expr, _ = self.tangent_of(value)
            return [self.set_tangent(var, expr)]
        if isinstance(value, gast.BinOp):
            helper = _SEQUENCE_OPS.get(type(value.op))
            if helper is not None and var in self.analysis.containers:
                # a list or tuple operand makes + concatenation and * repetition
                tangents = [self.tangent_of(op)[0] for op in (value.left, value.right)]
                expr = call(self.helper(helper + "_tangent"), *tangents,
                            copy.deepcopy(value.left), copy.deepcopy(value.right))
                return [self.set_tangent(var, expr, fresh_ok=True)]
            fn = BINOP_PRIMITIVES.get(type(value.op).__name__)
            if fn is None:
                raise self.info.error(stmt, f"the operator {type(value.op).__name__} has no "
                                      "derivative", cls=NonDifferentiableError)
            return self.instantiate(fn, var, [value.left, value.right], {}, stmt)
        if isinstance(value, gast.UnaryOp):
            fn = UNARY_PRIMITIVES.get(type(value.op).__name__)
            if fn is None:
                return [self.zero_assign(var, value)]
            return self.instantiate(fn, var, [value.operand], {}, stmt)
        if isinstance(value, gast.Subscript):
            expr, _ = self.tangent_of(value.value)
            item = gast.Subscript(value=expr, slice=copy.deepcopy(value.slice), ctx=gast.Load())
            return [self.set_tangent(var, item)]
        if isinstance(value, (gast.Tuple, gast.List)):
            expr, _ = self.tangent_of(value)
            return [self.set_tangent(var, expr, fresh_ok=True)]
        if isinstance(value, gast.Dict):
            expr = gast.Dict(keys=[copy.deepcopy(k) for k in value.keys],
                             values=[self.tangent_of(v)[0] for v in value.values])
            return [self.set_tangent(var, expr, fresh_ok=True)]
        if isinstance(value, gast.Call):
            return self.rule_call(var, value, stmt)
        if isinstance(value, (gast.Compare, gast.Attribute, gast.Constant, gast.JoinedStr)):
            return [self.zero_assign(var, value)]
        raise self.info.error(stmt, f"forward mode cannot differentiate {type(value).__name__}",
                              cls=UnsupportedSyntaxError)

    def rule_call(self, var, value, stmt) -> list:
        fn = anno.get(value, "fn")
        args = value.args
        if fn is rules.ASTYPE or fn is rules.ITEM:
            expr, _ = self.tangent_of(args[0])
            if fn is rules.ASTYPE:  # a complex value cast to a real dtype: the real part
                expr = call(self.helper("real_if_real"), expr, name(var))
            return [self.set_tangent(var, expr)]
        if fn is rules.LIST_POP:
            pop = gast.Call(func=gast.Attribute(value=name(self.tan(anno.get(value, "pop"))),
                                                attr="pop",
                                                ctx=gast.Load()), args=[], keywords=[])
            return [self.set_tangent(var, pop)]
        if fn is rules.TOLIST:
            expr, _ = self.tangent_of(args[0])
            return [self.set_tangent(var, call("list", expr), fresh_ok=True)]
        if fn is rules.DICT_GET:
            obj, _ = self.tangent_of(args[0])
            rest = [copy.deepcopy(args[1])]
            if len(args) > 2:
                rest.append(self.tangent_of(args[2])[0])
            return [self.set_tangent(var, call(copy.deepcopy(value.func), obj, *rest))]
        prim = rules.lookup(fn)
        if prim is not None and prim.forward is not None:
            kwargs = {k.arg: k.value for k in value.keywords}
            return self.instantiate(fn, var, args, kwargs, stmt)
        what = rules.canonical_name(fn) or getattr(fn, "__qualname__", repr(fn))
        raise self.info.error(
            stmt, f"{what} has no forward-mode (tangent) rule, but it receives a differentiated "
            "value", "register one with s2sgrad.custom_jvp, or wrap the call in "
            "s2sgrad.stop_gradient(...)", NonDifferentiableError)

    def setitem(self, target, value) -> list:
        var = target.value.id
        if var not in self.active:
            return []
        expr, _ = self.tangent_of(value)
        slot = gast.Subscript(value=name(self.tan(var)), slice=copy.deepcopy(target.slice),
                              ctx=gast.Store())
        return [gast.Assign(targets=[slot], value=expr, type_comment=None)]

    def append(self, s) -> list:
        lst, value = anno.get(s, "append")
        if lst not in self.active:
            return []
        expr, _ = self.tangent_of(value)
        return [gast.Expr(value=call(gast.Attribute(value=name(self.tan(lst)), attr="append",
                                                    ctx=gast.Load()), expr))]

    # -- templates ---------------------------------------------------------------------------

    def instantiate(self, fn, var, args, kwargs, stmt) -> list:
        prim = rules.lookup(fn)
        tpl = prim.forward
        params = tpl.params
        mapping = _bind_template(tpl, args, kwargs)
        if mapping is None:
            raise self.info.error(stmt, f"too many arguments for {prim.path}")
        for k in kwargs:
            if k not in params[1:]:
                raise self.info.error(stmt, f"{prim.path} has no derivative for the keyword "
                                      f"argument {k}=", cls=NonDifferentiableError)
        out_arg = mapping.get("out")
        if out_arg is not None and not (isinstance(out_arg, gast.Constant)
                                        and out_arg.value is None):
            raise self.info.error(stmt, "out= cannot be differentiated",
                                  "assign the result instead", UnsupportedSyntaxError)
        self._defaulted = set()
        for p in params[1:]:
            if p not in mapping:
                if p in tpl.defaults:
                    mapping[p] = copy.deepcopy(tpl.defaults[p])
                    self._defaulted.add(p)
                else:
                    raise self.info.error(stmt, f"{prim.path} is missing argument {p!r}")
        mapping[params[0]] = name(var)
        temps: dict[str, tuple[str, str]] = {}
        out = []
        for s in tpl.body:
            if isinstance(s, gast.Assign) and _is_tangent_ref(s.targets[0]):
                expr, kind = self._tx(s.value, mapping, temps)
                if kind != T:
                    out.append(self.zero_assign(var, None))
                    continue
                expr = simplify(expr)
                expr = self._broadcast(expr, var, prim, mapping, params)
                out.append(self.set_tangent(var, expr))
            elif isinstance(s, gast.Assign) and isinstance(s.targets[0], gast.Name):
                expr, kind = self._tx(s.value, mapping, temps)
                temp = self.names(f"{var}_{s.targets[0].id}")
                temps[s.targets[0].id] = (temp, kind)
                out.append(assign(temp, simplify(expr)))
            else:
                expr, _ = self._tx(s, mapping, temps)
                out.append(expr)
        used = set(loads_in(gast.Module(body=out, type_ignores=[])))
        return [s for s in out if not (isinstance(s, gast.Assign) and isinstance(
            s.targets[0], gast.Name) and s.targets[0].id in {t for t, _ in temps.values()}
            and s.targets[0].id not in used)]

    def _broadcast(self, expr, var, prim, mapping, params):
        """Broadcast a tangent to its result's shape where dropped operands may be larger."""
        if not prim.elementwise and prim.path not in ("np.clip",):
            return expr
        operands = [mapping[p] for p in params[1:] if p in mapping]
        if len(operands) < 2:
            return expr
        read = set(loads_in(expr))
        for op in operands:
            if self._scalar(op):
                continue
            if isinstance(op, gast.Name) and (op.id in read or self.tangents.get(op.id) in read):
                continue
            return call(self.helper("broadcast_tangent"), expr, name(var))
        return expr

    def _scalar(self, node) -> bool:
        if isinstance(node, gast.Constant):
            return node.value is None or isinstance(node.value, (int, float))
        if isinstance(node, gast.Name):
            return self.analysis.kinds.get(node.id) == SCALAR
        return False

    def _tx(self, node, mapping, temps):
        """Substitute a template expression; returns ``(node, kind)`` with zero tangents
        dropped from sums and products."""
        if _is_tangent_ref(node):
            atom = mapping[node.slice.id]
            return self.tangent_of(atom)
        if isinstance(node, gast.Name):
            if node.id in mapping:
                return copy.deepcopy(mapping[node.id]), P
            if node.id in temps:
                temp, kind = temps[node.id]
                return gast.Name(id=temp, ctx=node.ctx, annotation=None, type_comment=None), kind
            if node.id in self.session.helper_names or node.id in FORWARD_HELPERS:
                return name(self.helper(node.id)), P
            return copy.deepcopy(node), P
        if isinstance(node, gast.BinOp):
            left, lk = self._tx(node.left, mapping, temps)
            right, rk = self._tx(node.right, mapping, temps)
            op = node.op
            new = gast.BinOp(left=left, op=op, right=right)
            if isinstance(op, (gast.Add, gast.Sub)):
                if lk == Z and rk == Z:
                    return new, Z
                if rk == Z:
                    return left, lk
                if lk == Z:
                    if isinstance(op, gast.Sub):
                        return gast.UnaryOp(op=gast.USub(), operand=right), rk
                    return right, rk
            elif isinstance(op, (gast.Mult, gast.MatMult)):
                if Z in (lk, rk):
                    return new, Z
            elif isinstance(op, (gast.Div, gast.Pow, gast.Mod)):
                if lk == Z:
                    return new, Z
            return new, _join(lk, rk)
        if isinstance(node, gast.UnaryOp):
            operand, k = self._tx(node.operand, mapping, temps)
            return gast.UnaryOp(op=node.op, operand=operand), k
        if isinstance(node, gast.Call):
            func, _ = self._tx(node.func, mapping, temps)
            args, kinds = [], []
            for a in node.args:
                e, k = self._tx(a, mapping, temps)
                args.append(e)
                kinds.append(k)
            kws = []
            for kw in node.keywords:
                if isinstance(kw.value, gast.Name) and kw.value.id in self._defaulted:
                    continue  # the call left it at its default: so does the tangent
                e, k = self._tx(kw.value, mapping, temps)
                kws.append(gast.keyword(arg=kw.arg, value=e))
                kinds.append(k)
            kind = T if T in kinds else (Z if Z in kinds else P)
            return gast.Call(func=func, args=args, keywords=kws), kind
        if isinstance(node, gast.AST):
            new = copy.copy(node)
            kinds = []
            for field_, value in gast.iter_fields(node):
                if isinstance(value, list):
                    items = []
                    for v in value:
                        if isinstance(v, gast.AST):
                            e, k = self._tx(v, mapping, temps)
                            items.append(e)
                            kinds.append(k)
                        else:
                            items.append(v)
                    setattr(new, field_, items)
                elif isinstance(value, gast.AST):
                    e, k = self._tx(value, mapping, temps)
                    setattr(new, field_, e)
                    kinds.append(k)
            kind = T if T in kinds else (Z if Z in kinds else P)
            return new, kind
        return node, P

    # -- calls into user functions -----------------------------------------------------------

    def call_custom_jvp(self, var, value, stmt, rule):
        """``y, y_dot = f_jvp((args...), (tangents...))`` for a ``custom_jvp`` rule."""
        if value.keywords:
            raise self.info.error(stmt, "a function with a custom_jvp rule must be called "
                                  "with positional arguments", cls=UnsupportedSyntaxError)
        base = getattr(rule.fun, "__name__", "f").strip("<>_") or "f"
        jvp = self.session.value(f"{base}_jvp", rule.jvp)
        primals = gast.Tuple(elts=copy.deepcopy(value.args), ctx=gast.Load())
        tangents = gast.Tuple(elts=[self.tangent_of(a)[0] for a in value.args],
                              ctx=gast.Load())
        target = gast.Tuple(elts=[name(var, store=True), name(self.tan(var), store=True)],
                            ctx=gast.Store())
        new = gast.copy_location(gast.Assign(targets=[target], value=call(
            name(jvp), primals, tangents), type_comment=None), stmt)
        return [new], []

    def call_user(self, var, value, stmt):
        fn = anno.get(value, "fn")
        if isinstance(fn, Nested):  # grad(f)(x) inside the function: see nested.py
            return nested.forward_call(self, var, value, stmt, fn, _nested_user(
                self, fn, value, stmt), self.session.flat_grad)
        if any(fn is h for h in nested.HELPERS):  # over code with a nested gradient
            return nested.forward_helper(self, var, value, stmt)
        rule = custom_rule(fn)
        if rule is not None and rule.jvp is not None:
            return self.call_custom_jvp(var, value, stmt, rule)
        if isinstance(fn, (CustomVJP, Checkpoint)):
            fn = fn.fun  # only a reverse rule or a checkpoint: differentiate the function
        user = _user_function(fn, self.info.filename, getattr(value, "s2s_spec", ()))
        if user is None:
            what = rules.canonical_name(fn) or getattr(fn, "__qualname__", repr(fn))
            raise self.info.error(
                stmt, f"{what} has no forward-mode (tangent) rule, but it receives a "
                "differentiated value", "register one with s2sgrad.custom_jvp, or wrap "
                "the call in s2sgrad.stop_gradient(...)", NonDifferentiableError)
        args = value.args
        kwargs = {k.arg: k.value for k in value.keywords}
        bound = user.bind(args, kwargs, self.info, stmt)
        active_params = [p for p in user.param_names if p in bound and self.is_active(bound[p])]
        for p in user.free:
            if p in self.active:
                active_params.append(p)
                bound[p] = name(p)
        kinds = {p: self.analysis.kind(bound[p]) if isinstance(bound[p], (
            gast.Name, gast.Constant)) else "unknown" for p in bound}
        callee, tangent_kw = self.session.callee(user, tuple(active_params), kinds)
        keywords = user.call_keywords(value.keywords, bound)
        for p in active_params:
            expr, _ = self.tangent_of(bound[p])
            keywords.append(gast.keyword(arg=tangent_kw[p], value=expr))
        new_call = gast.Call(func=name(callee), args=copy.deepcopy(args), keywords=keywords)
        target = gast.Tuple(elts=[name(var, store=True), name(self.tan(var), store=True)],
                            ctx=gast.Store())
        new = gast.copy_location(gast.Assign(targets=[target], value=new_call,
                                             type_comment=None), stmt)
        tail = []
        if var in self.mutated:
            tail.append(self.set_tangent(var, name(self.tan(var))))
        return [new], tail

    # -- assemble -------------------------------------------------------------------------------

    def generate(self, fn_name: str) -> gast.FunctionDef:
        body = []
        for p in self.fn.params:
            if p in self.active and p not in self.wrt:
                body.append(assign(self.tan(p), call(self.helper("zeros_like"), name(p))))
        body += self.block(self.fn.body)
        result = self.fn.result
        if result in self.active:
            dresult = name(self.tan(result))
        else:
            dresult = call(self.helper("zeros_like"), name(result))
        body.append(gast.Return(value=gast.Tuple(elts=[name(result), dresult],
                                                 ctx=gast.Load())))
        return gast.FunctionDef(name=fn_name, args=self._arguments(), body=body,
                                decorator_list=[], returns=None, type_comment=None,
                                type_params=[])

    def _arguments(self):
        fn = self.fn
        params = [name(p) for p in fn.params[: fn.n_positional]]
        kwonly = [name(p) for p in fn.params[fn.n_positional:]]
        extra = [name(self.tan(p)) for p in self.wrt]
        for a in params + kwonly + extra:
            a.ctx = gast.Param()
        kw_defaults = [None] * len(kwonly) + [const(None)] * len(extra)
        vararg = name(fn.vararg) if fn.vararg else None
        kwarg = name(fn.kwarg) if fn.kwarg else None
        for a in (vararg, kwarg):
            if a is not None:
                a.ctx = gast.Param()
        return gast.arguments(args=params, posonlyargs=[], vararg=vararg,
                              kwonlyargs=kwonly + extra, kw_defaults=kw_defaults, kwarg=kwarg,
                              defaults=[])


def _join(a, b):
    if T in (a, b):
        return T
    if Z in (a, b):
        return Z
    return P


def _fresh(expr) -> bool:
    if isinstance(expr, (gast.BinOp, gast.UnaryOp, gast.List, gast.Tuple)):
        return True
    if isinstance(expr, gast.Call):
        n = _call_name(expr).rstrip("_")
        return n in _FRESH_CALLS or n == "add_at_value"
    return False


def prepare(nf: NormalFunction) -> NormalFunction:
    """Rewrite in-place helper statements so activity analysis sees them."""
    nf.body = rewrite_in_place(nf.body)
    return nf
