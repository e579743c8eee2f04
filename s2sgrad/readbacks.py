"""Numbers read back from text made from differentiated values.

    s = str(x[0])              s is text made from x: no derivative reaches it
    y = float(s) * x[1]        error: float(s) is x[0] again, its derivative lost

``str``, ``repr``, ``format``, f-strings and ``%`` formatting carry no derivative (a
string is not a number), which is right while the text stays text: a log line, a
message, an aux output.  Parsed back (``float(s)``, ``Decimal(s)``, ``np.array(strs,
dtype=float)``, a callee that parses it), it is the value again, and a derivative of 0
through it would be wrong.  The text's readers are followed by name (through
containers, slices, string methods and callees); a piecewise-constant function of it
(``len(s)``, ``int(s)``, ``s == "0"``) ends that, as its derivative is 0 almost
everywhere.  Text read back into a differentiated value, or returned as the value
differentiated, is s2sgrad's error at that line.

A dict's keys carry no derivative either (iterating them, ``d.keys()``, ``sorted(d)``):
a key that may be made from differentiated values (``{x[0]: 1.0}``, ``d[v * 2] = i``,
``dict(zip(x, ...))``) is checked where it is stored, ``d[dict_key(k)] = i``, and a float
or complex one is s2sgrad's error there when it runs.

A method that changes its object (``l.append(v)``, ``y.__setitem__(i, v)``) called for
its value, in a comprehension or an assignment (``[l.append(v * 2) for v in x]``), is
followed as a function of its arguments whose result is None: the change is lost, and
is s2sgrad's error where it is made (a statement of its own is followed).
"""

from __future__ import annotations

import ast
import builtins
import functools
import inspect
import textwrap
import types

import gast

from . import anno, rules, runtime
from .errors import NonDifferentiableError, UnsupportedSyntaxError
from .normalize.tables import _MUTATING_METHODS
from .parsing import _MISSING
from .syntax import loads_in, walk

_ENCODERS = (builtins.str, builtins.repr, builtins.ascii, builtins.format)
# holding a text beside other values is not reading it back
_HOLDERS = (gast.Tuple, gast.List, gast.Dict, gast.Set)
_HOLDER_CALLS = (builtins.list, builtins.tuple, builtins.dict)
_REDIRECTS = ("redirect_stdout", "redirect_stderr")  # of contextlib
_STR_METHODS = frozenset(
    {"strip", "lstrip", "rstrip", "upper", "lower", "title", "replace", "format", "join"}
    | {"ljust", "rjust", "center", "zfill", "encode", "decode", "split", "splitlines"}
)


def _encodes(value, active) -> bool:
    """Is ``value`` text made from a differentiated value?"""
    if isinstance(value, gast.JoinedStr):
        return any(n in active for n in loads_in(value))
    if isinstance(value, gast.BinOp) and isinstance(value.op, gast.Mod):
        left = value.left
        if isinstance(left, gast.JoinedStr) or (
            isinstance(left, gast.Constant) and isinstance(left.value, str)
        ):
            return any(n in active for n in loads_in(value.right))
    if isinstance(value, gast.Call) and (
        anno.get(value, "fn", None) in _ENCODERS or _returns_text(anno.get(value, "fn", None))
    ):
        return any(n in active for n in loads_in(value))
    return False


def _returns_text(fn) -> bool:
    """Is ``fn`` a function of the user's that returns a formatted string (``return
    f"{v:.3f}"``, ``return str(v)``): a formatting helper?"""
    code = getattr(fn, "__code__", None)
    if code is None:
        return False
    return _formats(code)


@functools.cache
def _formats(code) -> bool:
    try:
        tree = ast.parse(textwrap.dedent(inspect.getsource(code)))
    except (OSError, TypeError, SyntaxError):
        return False
    for node in ast.walk(tree):
        if isinstance(node, ast.Return) and node.value is not None:
            v = node.value
            if isinstance(v, ast.JoinedStr) or (
                isinstance(v, ast.Call)
                and isinstance(v.func, ast.Name)
                and v.func.id in ("str", "repr", "format")
            ):
                return True
            if isinstance(v, ast.BinOp) and isinstance(v.op, (ast.Mod, ast.Add)):
                if any(
                    isinstance(o, ast.JoinedStr)
                    or (isinstance(o, ast.Constant) and isinstance(o.value, str))
                    for o in (v.left, v.right)
                ):
                    return True
    return False


def _keeps_text(value, text) -> bool:
    """Is ``value`` text again when the names it reads in ``text`` are text: formatting,
    a copy, concatenation, a slice, a string method, a formatting helper's call?"""
    if isinstance(value, (gast.JoinedStr, gast.Constant)):
        return True
    if isinstance(value, gast.Name):
        return True
    if isinstance(value, gast.BinOp) and isinstance(value.op, (gast.Add, gast.Mod)):
        return any(
            (isinstance(o, gast.Name) and o.id in text)
            or isinstance(o, gast.JoinedStr)
            or (isinstance(o, gast.Constant) and isinstance(o.value, str))
            for o in (value.left, value.right)
        )
    if isinstance(value, gast.Subscript):
        return isinstance(value.value, gast.Name) and value.value.id in text
    if isinstance(value, gast.Call):
        fn = anno.get(value, "fn", None)
        if fn in _ENCODERS or fn is builtins.print or _returns_text(fn):
            return True
        func = value.func
        return (
            isinstance(func, gast.Attribute)
            and isinstance(func.value, gast.Name)
            and func.value.id in text
            and func.attr in _STR_METHODS
        )
    return False


def _parsed_names(defs, text, containers) -> set[str]:
    """The names of ``text`` that may hold values read back from the text (numbers), not
    text: a non-text operation on it, or a container or loop holding such values."""
    parsed: set[str] = set()
    changed = True
    while changed:
        changed = False
        for n, value, stmt in defs:
            if n not in text or n in parsed:
                continue
            if isinstance(value, gast.For):
                made = any(r in parsed for r in loads_in(value.iter))
            elif _holds(value, stmt, containers) or _keeps_text(value, text):
                made = any(r in parsed for r in loads_in(value))
            else:
                made = True
            if made:
                parsed.add(n)
                changed = True
    return parsed


def _ends(value) -> bool:
    """Does ``value`` end the text's flow (a piecewise-constant function of it)?"""
    if isinstance(value, gast.Compare):
        return True
    if isinstance(value, gast.UnaryOp) and isinstance(value.op, gast.Not):
        return True
    if isinstance(value, gast.Call):
        fn = anno.get(value, "fn", None)
        return fn not in _ENCODERS and rules.is_nondifferentiable(fn)
    return False


def text_names(defs, active, body=()) -> set[str]:
    """The names that may hold text made from differentiated values, or values read
    back from it (``body``: where ``print(v, file=f)`` writes text into ``f``)."""
    text: set[str] = set()
    defs = list(defs) + _printed_to(body)
    changed = True
    while changed:
        changed = False
        for n, value, _ in defs:
            if n in text:
                continue
            if isinstance(value, gast.For):
                reads = loads_in(value.iter)
                made = any(r in text for r in reads)
            else:
                made = _encodes(value, active) or (
                    not _ends(value) and any(r in text for r in loads_in(value))
                )
            if made:
                text.add(n)
                changed = True
    return text


def _printed_to(body) -> list:
    """``(f, str(*args), call)`` for each ``print(*args, file=f)`` into a local ``f`` (a
    StringIO read back later), and for each ``print(*args)`` where the function also
    redirects the standard output or error into ``f`` (``contextlib.redirect_stdout(f)``):
    what it prints is written into ``f``."""
    nodes = list(walk(gast.Module(body=list(body), type_ignores=[])))
    redirected = [
        a.id
        for node in nodes
        if isinstance(node, gast.Call) and _redirects(node.func)
        for a in node.args
        if isinstance(a, gast.Name)
    ]
    out = []
    for node in nodes:
        if not (isinstance(node, gast.Call) and anno.get(node, "fn", None) is builtins.print):
            continue
        files = [k.value for k in node.keywords if k.arg == "file"]
        into = [f.id for f in files if isinstance(f, gast.Name)] if files else redirected
        for f in into:
            func = gast.Name(id="str", ctx=gast.Load(), annotation=None, type_comment=None)
            text = gast.Call(func=func, args=list(node.args), keywords=[])
            anno.set(text, "fn", builtins.str)
            out.append((f, text, node))
    return out


def _redirects(func) -> bool:
    """Does the called ``func`` name ``contextlib.redirect_stdout`` (or ``_stderr``),
    lowered as ``initialised(contextlib.redirect_stdout)(context, f)``?"""
    return any(
        (isinstance(n, gast.Attribute) and n.attr in _REDIRECTS)
        or (isinstance(n, gast.Name) and n.id in _REDIRECTS)
        for n in walk(func)
    )


def _holds(value, stmt, containers) -> bool:
    """Does ``n = value`` only hold the text beside other values (a display, an append,
    an item of a list)?"""
    if isinstance(value, _HOLDERS) or isinstance(stmt, gast.Expr):
        return True
    if isinstance(value, gast.Call) and anno.get(value, "fn", None) in _HOLDER_CALLS:
        return True
    target = stmt.targets[0] if isinstance(stmt, gast.Assign) else None
    return isinstance(target, gast.Subscript) and target.value.id in containers


def check_readbacks(fn, defs, analysis) -> None:
    """Raise where text made from a differentiated value flows back into a differentiated
    value or into the value differentiated. Generated code transformed again (a Hessian)
    is not checked: its user's code was."""
    if fn.info.filename.startswith("<s2sgrad "):
        return
    active = analysis.active
    _check_keys(fn, active)
    _check_changes_in_values(fn, defs, active)
    text = text_names(defs, active, fn.body)
    if not text:
        return
    parsed = _parsed_names(defs, text, analysis.containers)
    for n, value, stmt in defs:
        if n not in active or isinstance(value, gast.For):
            continue
        reads = loads_in(value)
        if any(r in parsed for r in reads) or (
            any(r in text for r in reads)
            and not _holds(value, stmt, analysis.containers)
            and not _keeps_text(value, text)
        ):
            raise _error(fn, value if hasattr(value, "lineno") else stmt)
    result = analysis.tuples.get(fn.result)
    first = result.elts[0] if isinstance(result, gast.Tuple) and result.elts else None
    outputs = loads_in(first) if first is not None else [fn.result]
    if any(r in parsed for r in outputs):
        located = [s for n, _, s in defs if n in outputs] or [None]
        raise _error(fn, located[-1])


def _error(fn, node):
    return fn.info.error(
        node,
        "a value read back from text made from a differentiated value (str, repr, "
        "format, an f-string) is used here: its derivative is lost",
        "use the value itself, or s2sgrad.stop_gradient(value) for a constant; format "
        "values only to print or log them",
        NonDifferentiableError,
    )


def _check_keys(fn, active) -> None:
    """Wrap each key of a dict (display or item write) that may be made from
    differentiated values in ``dict_key(k)``, which raises when it runs if the key is a
    float or complex number or array (a name or an index that only sits beside
    differentiated values in a tuple or zip passes)."""
    for node in walk(gast.Module(body=fn.body, type_ignores=[])):
        if isinstance(node, gast.Dict):
            node.keys = [_checked(fn, k, active) for k in node.keys]
        elif isinstance(node, gast.Assign) and isinstance(node.targets[0], gast.Subscript):
            target = node.targets[0]
            target.slice = _checked(fn, target.slice, active)


def _checked(fn, key, active):
    if key is None or not any(n in active for n in loads_in(key)):
        return key
    if isinstance(key, gast.Call) and anno.get(key, "fn", None) is runtime.dict_key:
        return key  # checked already (a normal form analysed again)
    if "dict_key" in fn.names.taken - fn.names.generated and fn.info.lookup("dict_key") not in (
        _MISSING,
        runtime.dict_key,
    ):
        raise fn.info.error(
            key,
            "the name dict_key, which this function uses, is the helper that checks keys "
            "of dicts made from differentiated values",
            "rename the variable",
            UnsupportedSyntaxError,
        )
    call = gast.Call(
        func=gast.Name(id="dict_key", ctx=gast.Load(), annotation=None, type_comment=None),
        args=[key],
        keywords=[],
    )
    anno.set(call, "fn", runtime.dict_key)
    return gast.copy_location(call, key)


def _check_changes_in_values(fn, defs, active) -> None:
    """Raise where ``v = obj.append(...)`` (any method that changes its object, with no
    rule) receives a differentiated value or is called on one."""
    for _, value, stmt in defs:
        if not (
            isinstance(stmt, gast.Assign)
            and isinstance(value, gast.Call)
            and isinstance(value.func, gast.Attribute)
            and value.func.attr in _MUTATING_METHODS
            and isinstance(value.func.value, gast.Name)
        ):
            continue
        called = anno.get(value, "fn", None)
        if called is rules.LIST_POP or rules.lookup(called) is not None:
            continue
        if isinstance(fn.info.lookup(value.func.value.id), types.ModuleType):
            continue  # np.insert(x, i, v): a function of a module, not a method
        if any(n in active for n in loads_in(value)):
            raise fn.info.error(
                value,
                f"{value.func.value.id}.{value.func.attr}() changes {value.func.value.id!r} "
                "inside an expression (a comprehension or an assignment), and the change "
                "has no derivative s2sgrad can follow",
                f"call it as a statement of its own: for v in x: "
                f"{value.func.value.id}.{value.func.attr}(...)",
                UnsupportedSyntaxError,
            )
