"""``f(a)(x)`` as one function of ``(a, x)``, for the derivatives of a rule whose function
value returns a function (autograd's ``fixed_point(f, a, ...)`` iterates ``f(a)``).

``f`` must be a def or lambda of one parameter whose last statement returns a lambda or
a def of its body; the function made here is ``f`` with that function called at the end::

    def sqrt_step(a):                      def sqrt_step__applied(a, x):
        return lambda x: 0.5 * (x + a / x)      step = lambda x: 0.5 * (x + a / x)
                                                return step(x)

Its source (file ``<s2sgrad: f(a)(x) for ...>``) is what s2sgrad differentiates, in
``a`` through the variables the inner function reads. It runs in ``f``'s module, with
``f``'s closure variables.
"""

from __future__ import annotations

import ast
import linecache
import types

import gast

from .errors import SourceUnavailableError, UnsupportedSyntaxError
from .parsing import closure_vars, parse_function
from .syntax import function_def, walk

_HINT = "write f(a) returning the step: def f(a): return lambda x: ..."
_MADE: dict = {}  # f's code -> (the factory, its parameters)


def applied_function(f):
    """The Python function ``(a, x) -> f(a)(x)`` (see the module docstring)."""
    if not isinstance(f, types.FunctionType):
        raise SourceUnavailableError(
            f"the function given to fixed_point must be a def or lambda, got {f!r}",
            hint="pass a function f with f(a) returning the step x -> x_next",
        )
    code = f.__code__
    made = _MADE.get(code)
    if made is None:
        made = _MADE[code] = _factory(f)
    factory, free = made
    cells = closure_vars(f)
    return factory(*(cells[n] for n in free))


def _factory(f):
    node, info = parse_function(f)
    where = f"{info.filename}:{node.lineno}"
    args = node.args
    if (
        len(args.args) != 1
        or args.vararg
        or args.kwarg
        or args.kwonlyargs
        or args.posonlyargs
        or args.defaults
    ):
        raise info.error(
            node,
            "the function given to fixed_point takes one parameter (a) here",
            _HINT,
            UnsupportedSyntaxError,
        )
    body = list(node.body)
    last = body[-1] if body else None
    if not isinstance(last, gast.Return) or last.value is None:
        raise info.error(
            last or node,
            "the function given to fixed_point must end with return of the step "
            "function (a lambda, or a def made in it)",
            _HINT,
            UnsupportedSyntaxError,
        )
    taken = {n.id for n in walk(node) if isinstance(n, gast.Name)} | {
        n.name for n in walk(node) if isinstance(n, gast.FunctionDef)
    }
    param = args.args[0].id
    returned = last.value
    defs = {s.name: s for s in body if isinstance(s, gast.FunctionDef)}
    if isinstance(returned, gast.Name) and returned.id in defs:
        inner = defs[returned.id]
        inner_body = list(inner.body)
        before = [s for s in body[:-1] if s is not inner]
    elif isinstance(returned, gast.Lambda):
        inner, inner_body = returned, [gast.Return(value=returned.body)]
        before = body[:-1]
    else:
        raise info.error(
            last,
            "the function given to fixed_point must return a lambda or a def made in it "
            "(the step function), so that s2sgrad can differentiate the step in a",
            _HINT,
            UnsupportedSyntaxError,
        )
    x, body = _inlined(inner, inner_body, before, param, taken, info)
    name = f"{node.name}__applied" if node.name.isidentifier() else "step__applied"
    fdef = function_def(name, [param, x], body)
    free = list(f.__code__.co_freevars)
    maker = function_def("_make", free, [fdef, gast.Return(value=_name(name))])
    tree = ast.fix_missing_locations(gast.gast_to_ast(gast.Module(body=[maker], type_ignores=[])))
    source = ast.unparse(tree) + "\n"
    filename = f"<s2sgrad: f(a)(x) for fixed_point, f = {f.__qualname__} at {where}>"
    linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
    namespace: dict = {}
    exec(compile(source, filename, "exec"), f.__globals__, namespace)
    return namespace["_make"], free


def _inlined(inner, inner_body, before, param, taken, info):
    """``(x, body)``: the step's parameter and the body of ``f(a)(x)``. The step's body
    follows the statements before it (its parameter becomes the function's), unless the
    names clash; then the step stays a local function, called at the end."""
    inner_args = inner.args
    simple = (
        len(inner_args.args) == 1
        and not (inner_args.vararg or inner_args.kwarg or inner_args.kwonlyargs)
        and not (inner_args.posonlyargs or inner_args.defaults)
    )
    if not simple:
        raise info.error(
            inner,
            "the step function that fixed_point's f returns takes one parameter (x)",
            _HINT,
            UnsupportedSyntaxError,
        )
    x = inner_args.args[0].id
    outer_names = {n.id for s in before for n in walk(s) if isinstance(n, gast.Name)}
    inner_stores = {
        n.id
        for s in inner_body
        for n in walk(s)
        if isinstance(n, gast.Name) and isinstance(n.ctx, gast.Store)
    }
    plain = not any(
        isinstance(n, (gast.Nonlocal, gast.Global, gast.Yield, gast.YieldFrom))
        for s in inner_body
        for n in walk(s)
    )
    if plain and x != param and not (outer_names & (inner_stores | {x})):
        return x, list(before) + inner_body
    x, step = _fresh("x", taken), _fresh("step", taken)
    if isinstance(inner, gast.Lambda):
        bind = [gast.Assign(targets=[_name(step, gast.Store())], value=inner, type_comment=None)]
    else:
        bind, step = [inner], inner.name
    return x, list(before) + bind + [_call(step, x)]


def _fresh(base, taken):
    while base in taken:
        base += "_"
    taken.add(base)
    return base


def _name(n, ctx=None):
    return gast.Name(id=n, ctx=ctx or gast.Load(), annotation=None, type_comment=None)


def _call(fn, x):
    return gast.Return(value=gast.Call(func=_name(fn), args=[_name(x)], keywords=[]))
