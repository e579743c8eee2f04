"""The forward generator: one normal-form function with its tangent statements
interleaved, assembled from the statement and call tangents.
"""

from __future__ import annotations

import copy

import gast

from .. import anno
from ..activity import Analysis
from ..normalize import NormalFunction
from ..normalize.tries import step_counters
from ..operands import object_operands
from ..syntax import assign, call, const, loads_in, name, walk
from .callees import CallTangents
from .calls import RuleTangents
from .statements import StatementTangents
from .tangents import FORWARD_HELPERS, T, Z, forward_active


class ForwardGenerator(StatementTangents, RuleTangents, CallTangents):
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
        # values whose tangents may share memory with one written in place (see
        # statements._unshared), and the value of each tangent name
        self.shared_tangents = set(self.mutated)
        self.tangent_of_name = {t: v for v, t in self.tangents.items()}
        self.step_counters = step_counters(fn.body)
        self.object_operands, self.object_items = object_operands(
            fn, analysis, self.active, session
        )
        self._defaulted: set[str] = set()

    def tan(self, var: str) -> str:
        if var not in self.tangents:
            self.tangents[var] = self.names(var.lstrip("_") + "_dot")
            if hasattr(self, "tangent_of_name"):
                self.tangent_of_name[self.tangents[var]] = var
        return self.tangents[var]

    def helper(self, n: str) -> str:
        return self.session.helper(n)

    def _mutated(self) -> set[str]:
        out = set()
        for s in walk(gast.Module(body=self.fn.body, type_ignores=[])):
            if isinstance(s, gast.Assign):
                target = s.targets[0]
                if isinstance(target, gast.Subscript) and isinstance(target.value, gast.Name):
                    out.add(target.value.id)
                elif (
                    isinstance(s.value, gast.Call)
                    and anno.get(s.value, "fn", None) is FORWARD_HELPERS["add_at_value"]
                    and isinstance(s.value.args[0], gast.Name)
                ):
                    out.add(s.value.args[0].id)
        return out

    def is_active(self, node) -> bool:
        return any(n in self.active for n in loads_in(node))

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
        body.append(gast.Return(value=gast.Tuple(elts=[name(result), dresult], ctx=gast.Load())))
        return gast.FunctionDef(
            name=fn_name,
            args=self._arguments(),
            body=body,
            decorator_list=[],
            returns=None,
            type_comment=None,
            type_params=[],
        )

    def _arguments(self):
        fn = self.fn
        params = [name(p) for p in fn.params[: fn.n_positional]]
        kwonly = [name(p) for p in fn.params[fn.n_positional :]]
        extra = [name(self.tan(p)) for p in self.wrt]
        for a in params + kwonly + extra:
            a.ctx = gast.Param()
        kw_defaults = [None] * len(kwonly) + [const(None)] * len(extra)
        vararg = name(fn.vararg) if fn.vararg else None
        kwarg = name(fn.kwarg) if fn.kwarg else None
        for a in (vararg, kwarg):
            if a is not None:
                a.ctx = gast.Param()
        return gast.arguments(
            args=params,
            posonlyargs=[],
            vararg=vararg,
            kwonlyargs=kwonly + extra,
            kw_defaults=kw_defaults,
            kwarg=kwarg,
            defaults=[],
        )
