"""Tangents of calls to primitives: the rule's tangent template instantiated at the
call site.

    h = np.tanh(a)    ->    h_dot = a_dot * (1.0 - h * h)
"""

from __future__ import annotations

import copy

import gast

from .. import anno, rules, runtime
from ..activity import SCALAR
from ..errors import NonDifferentiableError, UnsupportedSyntaxError
from ..normalize.sets import SET_OF_DIFFERENTIATED
from ..optimize import simplify
from ..reverse import _SEQUENCE_OPS
from ..reverse.calls import (
    array_operands,
    called_value,
    function_values,
    underived_arguments,
)
from ..rules.python import operator_primitive
from ..slopes import unguarded_slopes
from ..syntax import assign, call, const, loads_in, located_call, name
from .tangents import T, _bind_template, _is_tangent_ref


class RuleTangents:
    """Rule instantiation methods of :class:`~s2sgrad.forward.generator.ForwardGenerator`."""

    def rule(self, var, value, stmt) -> list:
        if isinstance(value, gast.Name):
            expr, _ = self.tangent_of(value)
            return [self.set_tangent(var, expr)]
        if isinstance(value, gast.BinOp):
            helper = _SEQUENCE_OPS.get(type(value.op))
            if helper is not None and var in self.analysis.containers:
                # a list or tuple operand makes + concatenation and * repetition
                tangents = [self.tangent_of(op)[0] for op in (value.left, value.right)]
                expr = call(
                    self.helper(helper + "_tangent"),
                    *tangents,
                    copy.deepcopy(value.left),
                    copy.deepcopy(value.right),
                )
                return [self.set_tangent(var, expr, fresh_ok=True)]
        if isinstance(value, (gast.BinOp, gast.UnaryOp)):
            fn, operands = operator_primitive(value, self.info, stmt)
            if fn is None:
                return [self.zero_assign(var, value)]
            return self.instantiate(fn, var, operands, {}, stmt)
        if isinstance(value, gast.Subscript):
            expr, _ = self.tangent_of(value.value)
            item = gast.Subscript(value=expr, slice=copy.deepcopy(value.slice), ctx=gast.Load())
            return [self.set_tangent(var, item)]
        if isinstance(value, (gast.Tuple, gast.List)):
            expr, _ = self.tangent_of(value)
            return [self.set_tangent(var, expr, fresh_ok=True)]
        if isinstance(value, gast.Dict):
            expr = gast.Dict(
                keys=[copy.deepcopy(k) for k in value.keys],
                values=[self.tangent_of(v)[0] for v in value.values],
            )
            return [self.set_tangent(var, expr, fresh_ok=True)]
        if isinstance(value, gast.Call):
            return self.rule_call(var, value, stmt)
        if isinstance(value, (gast.Compare, gast.Attribute, gast.Constant, gast.JoinedStr)):
            return [self.zero_assign(var, value)]
        if isinstance(value, gast.Set):
            raise self.info.error(stmt, *SET_OF_DIFFERENTIATED, UnsupportedSyntaxError)
        raise self.info.error(
            stmt,
            f"forward mode cannot differentiate {type(value).__name__}",
            cls=UnsupportedSyntaxError,
        )

    def rule_call(self, var, value, stmt) -> list:
        fn = anno.get(value, "fn")
        args = value.args
        if fn is rules.ITEM:  # x.item(i): that item of the tangent (a scalar, as x.item is)
            expr, _ = self.tangent_of(args[0])
            return [
                self.set_tangent(
                    var,
                    call(
                        self.helper("item_tangent"),
                        expr,
                        copy.deepcopy(args[0]),
                        *map(copy.deepcopy, args[1:]),
                    ),
                )
            ]
        checked = anno.get(value, "cast", None) == "checked"
        if fn is rules.ASTYPE or fn is rules.ITEM:
            expr, _ = self.tangent_of(args[0])
            if checked:  # x.astype(x.dtype): none for an integer dtype, else as below
                expr = call(self.helper("astype_tangent"), expr, name(var))
            elif fn is rules.ASTYPE:  # a complex value cast to a real dtype: the real part
                expr = call(self.helper("real_if_real"), expr, name(var))
            return [self.set_tangent(var, expr)]
        if fn is rules.LIST_POP:
            pop = gast.Call(
                func=gast.Attribute(
                    value=name(self.tan(anno.get(value, "pop"))), attr="pop", ctx=gast.Load()
                ),
                args=[copy.deepcopy(a) for a in value.args],
                keywords=[],
            )
            return [self.set_tangent(var, pop)]
        if fn is rules.TOLIST:
            expr, _ = self.tangent_of(args[0])
            made = call(self.helper("tolist_tangent"), expr, copy.deepcopy(args[0]))
            return [self.set_tangent(var, made, fresh_ok=True)]
        if fn is rules.DICT_GET:
            obj, _ = self.tangent_of(args[0])
            rest = [copy.deepcopy(args[1])]
            if len(args) > 2:
                rest.append(self.tangent_of(args[2])[0])
            return [self.set_tangent(var, call(copy.deepcopy(value.func), obj, *rest))]
        runtime_call = called_value(self, value, stmt)
        if runtime_call is not None:  # ACTS[i](x): the callee's derivative made when it runs
            return self.instantiate(runtime.called, var, *runtime_call, stmt)
        prim = rules.lookup(fn)
        if prim is not None and prim.forward is not None:
            kwargs = {k.arg: k.value for k in value.keywords}
            out = self.instantiate(fn, var, args, kwargs, stmt)
            if checked:  # np.array(v, dtype=d): no tangent where d is an integer dtype
                tangent = call(self.helper("astype_tangent"), name(self.tan(var)), name(var))
                out.append(self.set_tangent(var, tangent, fresh_ok=True))
            return out
        what = rules.canonical_name(fn) or getattr(fn, "__qualname__", repr(fn))
        raise self.info.error(
            stmt,
            f"{what} has no forward-mode (tangent) rule, but it receives a differentiated value",
            "register one with s2sgrad.custom_jvp, or wrap the call in s2sgrad.stop_gradient(...)",
            NonDifferentiableError,
        )

    def instantiate(self, fn, var, args, kwargs, stmt) -> list:
        prim = rules.lookup(fn)
        tpl = prim.forward
        params = tpl.params
        mapping = _bind_template(tpl, args, kwargs)
        if mapping is None:
            message, hint = rules.too_many_arguments(prim, tpl, len(args))
            raise self.info.error(located_call(stmt), message, hint, NonDifferentiableError)
        for k in kwargs:
            if k not in params[1:]:
                raise self.info.error(
                    stmt,
                    f"{prim.path} has no derivative for the keyword argument {k}=",
                    cls=NonDifferentiableError,
                )
        out_arg = mapping.get("out")
        if out_arg is not None and not (
            isinstance(out_arg, gast.Constant) and out_arg.value is None
        ):
            raise self.info.error(
                stmt,
                "out= cannot be differentiated",
                "assign the result instead",
                UnsupportedSyntaxError,
            )
        self._defaulted = set()
        for p in params[1:]:
            if p not in mapping:
                if p in tpl.defaults:
                    mapping[p] = copy.deepcopy(tpl.defaults[p])
                    self._defaulted.add(p)
                else:
                    raise self.info.error(stmt, f"{prim.path} is missing argument {p!r}")
        mapping[params[0]] = name(var)
        self.array_operands = set(array_operands(self, prim, mapping, tpl))
        temps: dict[str, tuple[str, str]] = {}
        out = function_values(self, prim, mapping, stmt)
        for p in underived_arguments(self, prim, mapping, stmt):
            tangent, kind = self.tangent_of(mapping[p])
            if kind == T:
                what = const(f"{prim.path} has no derivative in its argument {p}")
                out.append(gast.Expr(value=call(self.helper("underived_tangent"), tangent, what)))
        for s in tpl.body:
            if isinstance(s, gast.Assign) and _is_tangent_ref(s.targets[0]):
                expr, kind = self._tx(s.value, mapping, temps)
                if kind != T:
                    out.append(self.zero_assign(var, None))
                    continue
                expr = simplify(unguarded_slopes(self.session.bindings, expr))
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
        self.array_operands = set()
        used = set(loads_in(gast.Module(body=out, type_ignores=[])))
        return [
            s
            for s in out
            if not (
                isinstance(s, gast.Assign)
                and isinstance(s.targets[0], gast.Name)
                and s.targets[0].id in {t for t, _ in temps.values()}
                and s.targets[0].id not in used
            )
        ]

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
