"""Bound methods passed to user functions: ``obj.m`` of an object of a user class that
the function follows (made here, ``self``, a parameter), given to a user function, is
the lambda calling it, which the callee's derivative differentiates as a local function
reading ``obj`` (normalize.arguments ``closure_free``).

    y = rk4(m.rhs, y0)    ->    y = rk4(lambda y: m.rhs(y), y0)
"""

from __future__ import annotations

import inspect
import types

import gast

from .. import anno
from ..errors import UnsupportedSyntaxError
from ..parsing import _MISSING
from ..syntax import assign, const, name, names_in
from .kinds import _object_class, sub_kind
from .self_changes import changes_self
from .tables import _describe, _is_user_class

_CONSTANTS = (bool, int, float, complex, str, bytes, type(None))


def bound_method_argument(low, node, callee):
    """``node``, an argument of a call of the user function ``callee``; a
    lambda calling the method where it is a bound method ``obj.m`` of an object whose
    class the lowering knows, its parameters those of ``m``. ``obj`` is bound to a fresh
    name first where the name could be taken for another (``self`` given to
    ``self.integrate(self.rhs, y)``, whose callee has a ``self`` of its own)."""
    if not isinstance(node, gast.Attribute) or low.free_value(node) is not _MISSING:
        return node  # a method of a global object: the callee takes it as it is
    kind = low.static_object_kind(node.value)
    cls = low.classes.get(node.value.id) if isinstance(node.value, gast.Name) else None
    cls = cls or _object_class(kind)
    static = inspect.getattr_static(cls, node.attr, None) if _is_user_class(cls) else None
    if not isinstance(static, (types.FunctionType, staticmethod, classmethod)):
        return node
    if sub_kind(kind, node.attr) is not None:  # an instance attribute holding an object
        return node
    fn = static.__func__ if isinstance(static, (staticmethod, classmethod)) else static
    written = f"{_describe(node.value).strip(chr(39))}.{node.attr}"
    if not isinstance(static, (staticmethod, classmethod)) and changes_self(cls, fn, kind):
        raise low.info.error(
            node,
            f"the method {written}, passed to {_callee_name(callee)}(), "
            "assigns attributes of its object, which s2sgrad cannot follow through the "
            "calls of a function argument",
            "return the new values from the method instead of assigning them to self",
            UnsupportedSyntaxError,
        )
    params = list(inspect.signature(fn).parameters.values())
    if not isinstance(static, staticmethod):
        params = params[1:]
    args = _lambda_arguments(low, params, node, written)
    owner = node.value
    own = names_in(callee.node) if hasattr(callee, "node") else _code_names(callee)
    if not isinstance(owner, gast.Name) or owner.id in own | {p.name for p in params}:
        alias = low.fresh(f"{node.attr}_owner")
        low.emit(assign(alias, owner), low.current)
        low.locals.add(alias)
        owner = name(alias)
    passed = [
        gast.Starred(value=name(p.name), ctx=gast.Load())
        if p.kind is p.VAR_POSITIONAL
        else name(p.name)
        for p in params
        if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD, p.VAR_POSITIONAL)
    ]
    keywords = [
        gast.keyword(arg=None if p.kind is p.VAR_KEYWORD else p.name, value=name(p.name))
        for p in params
        if p.kind in (p.KEYWORD_ONLY, p.VAR_KEYWORD)
    ]
    method = gast.Attribute(value=owner, attr=node.attr, ctx=gast.Load())
    body = gast.Call(func=method, args=passed, keywords=keywords)
    lam = gast.Lambda(args=args, body=body)
    for n in gast.walk(lam):
        gast.copy_location(n, node)
    anno.set(lam, "lambda", f"the method {written}")
    return lam


def _lambda_arguments(low, params, node, written) -> gast.arguments:
    """The parameters of the lambda calling a method of ``params``: the same names,
    kinds and defaults (constants only: a default is read where the method is)."""

    def param(p):
        return gast.Name(id=p.name, ctx=gast.Param(), annotation=None, type_comment=None)

    for p in params:
        if p.default is not p.empty and type(p.default) not in _CONSTANTS:
            raise low.info.error(
                node,
                f"the method {written} is passed to a function, and its parameter "
                f"{p.name!r} has a default value that is not a number, string or None",
                f"pass a lambda calling the method with {p.name} given "
                f"(lambda ...: {written}(..., {p.name}=...))",
                UnsupportedSyntaxError,
            )
    positional = [p for p in params if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    keyword = [p for p in params if p.kind is p.KEYWORD_ONLY]
    star = [param(p) for p in params if p.kind is p.VAR_POSITIONAL]
    stars = [param(p) for p in params if p.kind is p.VAR_KEYWORD]
    return gast.arguments(
        args=[param(p) for p in positional if p.kind is p.POSITIONAL_OR_KEYWORD],
        posonlyargs=[param(p) for p in positional if p.kind is p.POSITIONAL_ONLY],
        vararg=star[0] if star else None,
        kwonlyargs=[param(p) for p in keyword],
        kw_defaults=[None if p.default is p.empty else const(p.default) for p in keyword],
        kwarg=stars[0] if stars else None,
        defaults=[const(p.default) for p in positional if p.default is not p.empty],
    )


def _code_names(fn) -> set:
    """The names the function ``fn`` uses (its locals, globals and attributes)."""
    code = getattr(fn, "__code__", None)
    return set(code.co_varnames + code.co_names) if code is not None else set()


def _callee_name(fn) -> str:
    return fn.node.name if hasattr(fn, "node") else getattr(fn, "__name__", "the callee")
