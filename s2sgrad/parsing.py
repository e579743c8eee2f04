"""Find a function's source, parse it with gast, and resolve its free names.

    def f(x): return np.sin(x)     ->   gast.FunctionDef 'f' + Namespace(np=numpy)
    lambda x: x * 2                ->   gast.FunctionDef '<lambda>' with one Return
"""

from __future__ import annotations

import builtins
import inspect
import linecache
import textwrap
import types
from dataclasses import dataclass, field

import gast

from .errors import SourceUnavailableError, TransformError, UnsupportedSyntaxError

_MISSING = object()


class _AnyNumber:
    """Recorded for a free name that held a Python number: any number keeps it valid."""

    def __repr__(self):
        return "<any number>"


NUMBER = _AnyNumber()


def still_means(current, expected) -> bool:
    """Does a free name's current value still justify what the transform assumed?"""
    if current is expected:
        return True
    return expected is NUMBER and type(current) in (int, float)


@dataclass
class SourceInfo:
    """Where a function came from: used for error messages and for name lookup."""

    fun: types.FunctionType
    filename: str
    lines: list[str]
    globals: dict
    closure: dict = field(default_factory=dict)
    resolved: dict = field(default_factory=dict)

    def line(self, lineno: int | None) -> str | None:
        if lineno is None or not 0 < lineno <= len(self.lines):
            return None
        return self.lines[lineno - 1]

    def error(self, node, message: str, hint: str | None = None, cls=TransformError):
        """Build an error located at ``node`` (a gast node, or None)."""
        lineno = getattr(node, "lineno", None)
        col = getattr(node, "col_offset", None)
        return cls(message, self.filename, lineno, col, self.line(lineno), hint)

    def lookup(self, name: str):
        """Value of a free name: closure cell, then module global, then builtin.

        Modules and callables found this way are remembered: the transform is valid
        only while the name still refers to the same object.
        """
        if name in self.closure:
            value = self.closure[name]
        elif name in self.globals:
            value = self.globals[name]
        else:
            value = getattr(builtins, name, _MISSING)
        if value is not _MISSING and (isinstance(value, types.ModuleType) or callable(value)):
            self.resolved[name] = value
        return value


def closure_vars(fun: types.FunctionType) -> dict:
    """Current contents of ``fun``'s closure cells (empty cells are left out)."""
    out = {}
    for name, cell in zip(fun.__code__.co_freevars, fun.__closure__ or ()):
        try:
            out[name] = cell.cell_contents
        except ValueError:
            pass
    return out


def unwrap(fun):
    """The plain Python function behind ``fun`` (bound method, functools.wraps)."""
    while True:
        if isinstance(fun, types.MethodType):
            raise SourceUnavailableError(
                f"cannot differentiate the bound method {fun.__qualname__!r}",
                hint="differentiate a plain function that takes the object's arrays as arguments",
            )
        if getattr(fun, "__s2s_transformed__", False) or getattr(fun, "__s2s_custom__", False):
            return fun  # grad() results and custom rules are not looked through
        if getattr(fun, "__s2s_checkpoint__", False):
            fun = fun.fun  # s2sgrad.checkpoint(f) differentiates as f
            continue
        inner = getattr(fun, "__wrapped__", None)
        if inner is None:
            return fun
        fun = inner


def parse_function(fun) -> tuple[gast.FunctionDef, SourceInfo]:
    """Parse ``fun`` (a def or a lambda) into a gast FunctionDef with file positions."""
    fun = unwrap(fun)
    if getattr(fun, "__s2s_custom__", False):
        raise SourceUnavailableError(
            f"{fun.__name__!r} has a custom derivative rule and is used by the functions "
            "that call it", hint=f"differentiate a function that calls it, e.g. "
            f"s2sgrad.grad(lambda x: {fun.__name__}(x))")
    if not isinstance(fun, types.FunctionType):
        name = getattr(fun, "__name__", type(fun).__name__)
        raise SourceUnavailableError(
            f"cannot read the source of {name!r} ({type(fun).__name__}): "
            "only Python functions defined in a file or notebook can be transformed",
            hint="wrap it in a Python function, or register a derivative rule "
            "with s2sgrad.custom_vjp",
        )
    code = fun.__code__
    filename = code.co_filename
    info = SourceInfo(fun, filename, linecache.getlines(filename), fun.__globals__,
                      closure_vars(fun))
    if code.co_flags & (inspect.CO_GENERATOR | inspect.CO_COROUTINE | inspect.CO_ASYNC_GENERATOR):
        kind = ("an async function" if code.co_flags & (inspect.CO_COROUTINE
                                                        | inspect.CO_ASYNC_GENERATOR)
                else "a generator (it uses yield)")
        line = code.co_firstlineno
        text = info.line(line) or ""
        raise UnsupportedSyntaxError(
            f"{fun.__qualname__!r} is {kind}, which cannot be differentiated", info.filename,
            line, len(text) - len(text.lstrip()), text or None,
            "return an array from a plain function instead")
    return _locate(fun, info), info


def _locate(fun, info: SourceInfo) -> gast.FunctionDef:
    if fun.__name__ == "<lambda>":
        return _locate_lambda(fun, info)
    try:
        lines, start = inspect.getsourcelines(fun)
    except (OSError, TypeError) as exc:
        raise SourceUnavailableError(
            f"cannot find the source of {fun.__qualname__!r} (defined in {info.filename})",
            info.filename,
            hint="functions created by exec/eval or typed at a plain REPL have no source; "
            "define it in a file or a notebook cell",
        ) from exc
    text = "".join(lines)
    dedented = textwrap.dedent(text)
    indent = _indent_of(lines[0]) - _indent_of(dedented.splitlines()[0])
    try:
        module = gast.parse(dedented)
    except SyntaxError as exc:
        raise SourceUnavailableError(
            f"cannot parse the source of {fun.__qualname__!r}: {exc.msg}", info.filename, start
        ) from exc
    node = module.body[0]
    if not isinstance(node, gast.FunctionDef):
        raise info.error(None, f"the source of {fun.__qualname__!r} is not a def statement",
                         cls=UnsupportedSyntaxError)
    gast.increment_lineno(module, start - 1)
    if indent:
        for sub in gast.walk(module):
            if hasattr(sub, "col_offset") and sub.col_offset is not None:
                sub.col_offset += indent
    node.decorator_list = []
    if not info.lines:
        info.lines = ["\n"] * (start - 1) + lines
    if isinstance(node, gast.AsyncFunctionDef):
        raise info.error(node, "async functions cannot be differentiated",
                         cls=UnsupportedSyntaxError)
    return node


def _indent_of(line: str) -> int:
    return len(line) - len(line.lstrip())


def _locate_lambda(fun, info: SourceInfo) -> gast.FunctionDef:
    """Find the lambda in its file; several lambdas on one line are told apart by
    the position of their first instruction (3.11+) or their argument names."""
    code = fun.__code__
    if not info.lines:
        raise SourceUnavailableError(
            "cannot find the source of a lambda", info.filename, code.co_firstlineno,
            hint="define the lambda in a file or a notebook cell")
    try:
        tree = gast.parse("".join(info.lines))
    except SyntaxError:
        tree = None
    candidates = []
    if tree is not None:
        candidates = [n for n in gast.walk(tree) if isinstance(n, gast.Lambda)
                      and n.lineno <= code.co_firstlineno <= (n.end_lineno or n.lineno)
                      and n.lineno == code.co_firstlineno]
    argnames = list(code.co_varnames[: code.co_argcount + code.co_kwonlyargcount])
    candidates = [n for n in candidates if [a.id for a in n.args.args + n.args.kwonlyargs]
                  == argnames]
    if len(candidates) > 1 and hasattr(code, "co_positions"):
        positions = [p for p in code.co_positions() if p[0] is not None and p[2] is not None
                     and p[3] is not None and (p[1], p[3]) > (p[0], p[2])]
        if positions:
            line, _, col, _ = positions[0]
            candidates = [n for n in candidates if _contains(n.body, line, col)]
    if len(candidates) > 1:  # Python 3.10 has no positions: compare compiled bytecode
        candidates = [n for n in candidates if _same_code(n, code)] or candidates
    if len(candidates) != 1:
        raise SourceUnavailableError(
            "cannot tell which lambda on this line to differentiate"
            if candidates else "cannot find the source of this lambda",
            info.filename, code.co_firstlineno, None, info.line(code.co_firstlineno),
            hint="give the lambda its own line or use a def")
    lam = candidates[0]
    ret = gast.Return(value=lam.body)
    gast.copy_location(ret, lam.body)
    node = gast.FunctionDef(name="<lambda>", args=lam.args, body=[ret], decorator_list=[],
                            returns=None, type_comment=None, type_params=[])
    gast.copy_location(node, lam)
    return node


def _same_code(lam, code) -> bool:
    """Does compiling the lambda ``lam`` give the bytecode of ``code``?"""
    try:
        expr = gast.gast_to_ast(gast.Expression(body=lam))
        import ast
        ast.fix_missing_locations(expr)
        compiled = compile(expr, "<s2sgrad>", "eval")
    except (SyntaxError, ValueError, TypeError):
        return False
    inner = [c for c in compiled.co_consts if isinstance(c, types.CodeType)]
    return bool(inner) and inner[0].co_code == code.co_code and \
        inner[0].co_names == code.co_names and inner[0].co_consts == code.co_consts


def _contains(node, line: int, col: int) -> bool:
    start = (node.lineno, node.col_offset)
    end = (node.end_lineno or node.lineno, node.end_col_offset or 10**9)
    return start <= (line, col) <= end
