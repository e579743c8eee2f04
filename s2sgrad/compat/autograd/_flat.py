"""Readable VJPs of autograd-style makers, so that s2sgrad differentiates them again.

A VJP maker ``lambda ans, x, y: lambda g: y * g`` returns the VJP as a closure, which
s2sgrad cannot follow (a call of a call's result). For a maker of that form (a lambda
or a def whose last statement returns a one-argument lambda or local def) this module
writes the same code as one function of ``(ans, x, y, g)``, ``flat_vjp``, sharing the
maker's closure cells (names bound after ``defvjp`` are seen), and a backward function
calling those; their source is registered with :mod:`linecache` so that s2sgrad reads
it like any program. Forward mode over a gradient through the rule (second
derivatives, ``check_grads(order=2)``) then differentiates the maker's own code.
Makers of any other form keep the closure, and their second derivatives stay an error.
"""

from __future__ import annotations

import ast
import itertools
import linecache
import types

import gast

from ...code_match import context_def
from ...errors import TransformError
from ...parsing import parse_function
from ...syntax import function_def

_COUNT = itertools.count()


def _plain_params(args) -> list[str] | None:
    if (
        args.vararg
        or args.kwarg
        or args.kwonlyargs
        or args.defaults
        or getattr(args, "posonlyargs", None)
    ):
        return None
    return [a.id for a in args.args]


def _vjp_body(node) -> tuple[list, str, list] | None:
    """``(statements before, the VJP's parameter, the VJP's body)`` of a maker's def."""
    *before, last = node.body
    if not isinstance(last, gast.Return) or last.value is None:
        return None
    value = last.value
    if isinstance(value, gast.Lambda):
        params = _plain_params(value.args)
        if params is None or len(params) != 1:
            return None
        return before, params[0], [gast.Return(value=value.body)]
    if (
        isinstance(value, gast.Name)
        and before
        and isinstance(before[-1], gast.FunctionDef)
        and before[-1].name == value.id
        and not before[-1].decorator_list
    ):
        params = _plain_params(before[-1].args)
        if params is None or len(params) != 1:
            return None
        return before[:-1], params[0], before[-1].body
    return None


def _build(name: str, filename: str, fdef: ast.FunctionDef, cells: dict, globals_: dict):
    """The function ``fdef`` compiled as s2sgrad compiles a closure (inside a context def
    binding the free names), its free names bound to ``cells``."""
    free = sorted(cells)
    assigns = [
        ast.Assign(targets=[ast.Name(id=n, ctx=ast.Store())], value=ast.Constant(value=None))
        for n in free
    ]
    context = context_def("_s2s_context", [*assigns, fdef])
    module = ast.Module(body=[context], type_ignores=[])
    ast.fix_missing_locations(module)
    source = ast.unparse(module) + "\n"
    linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
    # compile the text (its own line numbers), as s2sgrad will when it reads it
    top = compile(source, filename, "exec")
    context_code = next(c for c in top.co_consts if isinstance(c, types.CodeType))
    code = next(
        c for c in context_code.co_consts if isinstance(c, types.CodeType) and c.co_name == name
    )
    missing = [n for n in code.co_freevars if n not in cells]
    if missing:
        return None
    closure = tuple(cells[n] for n in code.co_freevars)
    return types.FunctionType(code, globals_, name, None, closure or None)


def flat_vjp(maker, what: str):
    """``vjp(ans, *args, g)``: ``maker(ans, *args)(g)`` written as one function (see the
    module docstring), or None when ``maker`` is not of that form."""
    if not isinstance(maker, types.FunctionType):
        return None
    try:
        node, _ = parse_function(maker)
    except (TransformError, OSError, TypeError):
        return None
    params = _plain_params(node.args)
    parts = _vjp_body(node)
    if not params or parts is None or parts[1] in params:
        return None
    before, g, body = parts
    name = f"{what}_vjp"
    fdef = function_def(name, params + [g], before + body)
    fdef = gast.gast_to_ast(fdef)
    cells = dict(zip(maker.__code__.co_freevars, maker.__closure__ or ()))
    filename = f"<s2sgrad: VJP of {what} from its maker, #{next(_COUNT)}>"
    out = _build(name, filename, fdef, cells, maker.__globals__)
    if out is not None:
        out.nargs = len(params) - 1  # the primitive's arguments (after ans)
    return out


def flat_bwd(fun_name: str, vjps: list):
    """``bwd((ans, args, kwargs), g)`` calling each argument's flat VJP (None: that
    argument has a zero VJP), for primitives called with ``len(vjps)`` positional
    arguments; None unless every VJP is flat and they agree on the arguments."""
    counts = {v.nargs for v in vjps if v is not None}
    if counts and counts != {len(vjps)}:
        return None
    n = len(vjps)
    names = [f"x{i}" for i in range(n)]
    binds = [f"vjp_{i}" for i, v in enumerate(vjps) if v is not None]
    parts = [
        f"vjp_{i}(ans, {', '.join(names)}, g)" if v is not None else "None"
        for i, v in enumerate(vjps)
    ]
    unpack = f"{', '.join(names)}, = args"
    text = (
        f"def {fun_name}_bwd(residuals, g):\n    ans, args, kwargs = residuals\n"
        f"    {unpack}\n    return ({', '.join(parts)},)\n"
    )
    fdef = ast.parse(text).body[0]
    cells = {b: types.CellType(v) for b, v in zip(binds, [v for v in vjps if v is not None])}
    filename = f"<s2sgrad: backward of {fun_name} from its makers, #{next(_COUNT)}>"
    return _build(f"{fun_name}_bwd", filename, fdef, cells, {})


_OLD_STYLE_NAMES = {"ans", "g", "vjpfun", "vspace"}


def old_style_maker(vjpfun, params: list[str], argnum: int, vspace, what: str):
    """The maker ``lambda ans, x, y: lambda g: vjpfun(g, ans, vspace(x_argnum), vspace(g),
    x, y)`` of autograd's deprecated ``defvjp(vjpfun, argnum)``, written with the
    primitive's own parameters ``params`` (so that :func:`flat_vjp` reads it and the VJP
    differentiates again); None when a parameter name is taken by the maker's own."""
    if not params or set(params) & _OLD_STYLE_NAMES or not 0 <= argnum < len(params):
        return None
    name = f"{what}_maker_{argnum}"
    listed = ", ".join(params)
    text = (
        f"def {name}(ans, {listed}):\n"
        f"    return lambda g: vjpfun(g, ans, vspace({params[argnum]}), vspace(g), {listed})\n"
    )
    cells = {"vjpfun": types.CellType(vjpfun), "vspace": types.CellType(vspace)}
    filename = f"<s2sgrad: VJP maker of {what} from defvjp(vjpfun, {argnum}), #{next(_COUNT)}>"
    return _build(name, filename, ast.parse(text).body[0], cells, {})
