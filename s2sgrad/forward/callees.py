"""Tangents of calls to user functions (their own ``<name>_jvp`` unit) and custom
rules.
"""

from __future__ import annotations

import ast
import copy
import inspect

import gast
import numpy as np

from .. import anno, nested, rules, runtime
from ..custom import Checkpoint, CustomVJP, custom_rule
from ..errors import DerivativeNotImplementedError, NonDifferentiableError, UnsupportedSyntaxError
from ..nested import Nested
from ..normalize import USER_OBJECT_HINT, _is_user_class
from ..parsing import public_name
from ..reverse import _nested_user, _user_function
from ..reverse.callees import default_numbers
from ..runtime import nested as runtime_nested
from ..stored import at_the_call
from ..syntax import call, const, name
from .tangents import FORWARD_HELPERS, P, T, Z, _is_tangent_ref, _join


def _same_default(func, keyword: str, default) -> bool:
    """Is ``default`` (a rule parameter's default, a template node) the default of
    ``keyword`` in the function the template calls as ``func`` (``np.sum``)? Only then may
    the keyword be left out (``trapezoid``'s ``axis=-1`` is not ``np.sum``'s ``None``)."""
    path = []
    while isinstance(func, gast.Attribute):
        path.append(func.attr)
        func = func.value
    if not isinstance(func, gast.Name):
        return False
    try:
        value = ast.literal_eval(gast.gast_to_ast(default))
    except ValueError:
        return False
    fn = {"np": np, "numpy": np}.get(func.id, runtime.NAMESPACE.get(func.id))
    for attr in reversed(path):
        fn = getattr(fn, attr, None)
    try:
        inner = inspect.signature(fn).parameters[keyword].default
    except (TypeError, ValueError, KeyError):
        return False
    if inner is np._NoValue:  # NumPy's "not given": keepdims=False, initial and where unset
        return value is None or value is False
    return type(inner) is type(value) and inner == value


class CallTangents:
    """User and custom call methods of :class:`~s2sgrad.forward.generator.ForwardGenerator`."""

    def _tx(self, node, mapping, temps):
        """Substitute a template expression; returns ``(node, kind)`` with zero tangents
        dropped from sums and products."""
        # lists a rule reads as arrays (reverse.calls.array_operands)
        as_arrays = getattr(self, "array_operands", ())
        if _is_tangent_ref(node):
            expr, kind = self.tangent_of(mapping[node.slice.id])
            if node.slice.id in as_arrays and kind == T:
                expr = call(self.helper("array_operand"), expr)
            return expr, kind
        if isinstance(node, gast.Name):
            if node.id in mapping and node.id in as_arrays:
                return call(self.helper("array_operand"), copy.deepcopy(mapping[node.id])), P
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
                if (
                    isinstance(kw.value, gast.Name)
                    and kw.value.id in self._defaulted
                    and _same_default(node.func, kw.arg, mapping[kw.value.id])
                ):
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

    def call_custom_jvp(self, var, value, stmt, rule):
        """``y, y_dot = f_jvp((args...), (tangents...))`` for a ``custom_jvp`` rule."""
        if value.keywords:
            raise self.info.error(
                stmt,
                "a function with a custom_jvp rule must be called with positional arguments",
                cls=UnsupportedSyntaxError,
            )
        base = getattr(rule.fun, "__name__", "f").strip("<>_") or "f"
        jvp = self.session.value(f"{base}_jvp", rule.jvp)
        primals = gast.Tuple(elts=copy.deepcopy(value.args), ctx=gast.Load())
        tangents = gast.Tuple(elts=[self.tangent_of(a)[0] for a in value.args], ctx=gast.Load())
        target = gast.Tuple(
            elts=[name(var, store=True), name(self.tan(var), store=True)], ctx=gast.Store()
        )
        new = gast.copy_location(
            gast.Assign(
                targets=[target], value=call(name(jvp), primals, tangents), type_comment=None
            ),
            stmt,
        )
        return [new], []

    def call_transposed_vjp(self, var, value, stmt, rule):
        """``y, y_dot = transposed_jvp(fwd, bwd, (args...), (tangents...), keywords)`` for a
        function with only a custom VJP rule: the tangent the rule gives, never the one of
        the function's body (JAX and autograd refuse forward mode there)."""
        if any(self.is_active(k.value) for k in value.keywords):
            raise self.info.error(
                stmt,
                "a function with a custom_vjp rule cannot take a differentiated keyword argument",
                "pass it positionally",
                UnsupportedSyntaxError,
            )
        base = getattr(rule.fun, "__name__", "f").strip("<>_") or "f"
        fwd = self.session.value(f"{base}_fwd", rule.fwd)
        bwd = self.session.value(f"{base}_bwd", rule.bwd)
        primals = gast.Tuple(elts=copy.deepcopy(value.args), ctx=gast.Load())
        tangents = gast.Tuple(elts=[self.tangent_of(a)[0] for a in value.args], ctx=gast.Load())
        keywords = gast.Dict(
            keys=[const(k.arg) for k in value.keywords],
            values=[copy.deepcopy(k.value) for k in value.keywords],
        )
        made = call(
            self.helper("transposed_jvp"), name(fwd), name(bwd), primals, tangents, keywords
        )
        target = gast.Tuple(
            elts=[name(var, store=True), name(self.tan(var), store=True)], ctx=gast.Store()
        )
        return [
            gast.copy_location(gast.Assign(targets=[target], value=made, type_comment=None), stmt)
        ], []

    def call_user(self, var, value, stmt):
        fn = anno.get(value, "fn")
        if isinstance(fn, Nested):  # grad(f)(x) inside the function: see nested.py
            return nested.forward_call(
                self,
                var,
                value,
                stmt,
                fn,
                _nested_user(self, fn, value, stmt),
                self.session.flat_grad,
            )
        if any(fn is h for h in runtime_nested.HELPERS + runtime_nested.TANGENT_HELPERS):
            # over code with a nested gradient
            return nested.forward_helper(self, var, value, stmt)
        if fn is runtime.transposed_jvp:
            raise self.info.error(
                stmt,
                "a second forward-mode derivative of a function with a custom VJP rule "
                "only (its first takes the Jacobian from the rule) is not supported",
                "give the function a forward rule with .defjvp(jvp), or take the outer "
                "derivative in reverse mode",
                DerivativeNotImplementedError,
            )
        rule = custom_rule(fn)
        if rule is not None and rule.jvp is not None:
            return self.call_custom_jvp(var, value, stmt, rule)
        if rule is not None and rule.fwd is not None:
            return self.call_transposed_vjp(var, value, stmt, rule)
        if isinstance(fn, (CustomVJP, Checkpoint)):
            fn = fn.fun  # a checkpoint, or a custom_vjp without a rule: the function itself
        user = _user_function(fn, self.info.filename, anno.get(value, "spec", ()))
        if user is None:
            what = rules.canonical_name(fn) or public_name(fn)
            raise self.info.error(
                stmt,
                f"{what} has no forward-mode (tangent) rule, but it receives a "
                "differentiated value",
                USER_OBJECT_HINT
                if _is_user_class(fn)
                else "register one with s2sgrad.custom_jvp, or wrap "
                "the call in s2sgrad.stop_gradient(...)",
                NonDifferentiableError,
            )
        args = value.args
        kwargs = {k.arg: k.value for k in value.keywords}
        bound = user.bind(args, kwargs, self.info, stmt)
        user = user.items_told(bound, self.is_active)
        active_params = [p for p in user.param_names if p in bound and self.is_active(bound[p])]
        for p in user.free:
            if p in self.active:
                active_params.append(p)
                bound[p] = name(p)
        kinds = {
            p: self.analysis.kind(bound[p])
            if isinstance(bound[p], (gast.Name, gast.Constant))
            else "unknown"
            for p in bound
        }
        kinds.update(default_numbers(user.fn, bound))  # def f(x, c=1e-3): c *= 10 rebinds
        with at_the_call(self.info, stmt, user.fn):  # a derivative made outside: see stored.py
            callee, tangent_kw = self.session.callee(user, tuple(active_params), kinds)
        keywords = user.call_keywords(value.keywords, bound)
        for p in active_params:
            expr, _ = self.tangent_of(bound[p])
            if isinstance(bound[p], gast.Name) and bound[p].id in self.shared_tangents:
                # changed in place later: what the callee keeps of it must not see that
                expr = call(self.helper("snapshot"), expr)
            keywords.append(gast.keyword(arg=tangent_kw[p], value=expr))
        new_call = gast.Call(func=name(callee), args=copy.deepcopy(args), keywords=keywords)
        target = gast.Tuple(
            elts=[name(var, store=True), name(self.tan(var), store=True)], ctx=gast.Store()
        )
        new = gast.copy_location(
            gast.Assign(targets=[target], value=new_call, type_comment=None), stmt
        )
        tail = []
        if var in self.mutated:
            tail.append(self.set_tangent(var, name(self.tan(var))))
        return [new], tail
