"""Lengths of list and tuple parameters that a function unpacks into a call
(``mlp(x, *params)``), itself or through the user functions it passes them to: the
derivative is made for the length the call passes, as it is made for the number of
``*args`` items, and each unpacking checks it when it runs.

    def loss(params, x): return mlp(x, *params)    # called with 3 layers
    ->  spec ("length", "params", 3)  ->  mlp(x, params[0], params[1], params[2])
"""

from __future__ import annotations

import ast
import builtins
import functools
import inspect
import textwrap
import types

import gast


def _uses(fdef, params) -> tuple[frozenset, tuple]:
    """Of the parameters of ``fdef`` (an ast or gast def) that it never binds again: the
    ones a call's ``*p`` unpacks, and ``(func, where, p)`` for each call passing one
    (``where``: the position, or the keyword)."""
    ast_node = isinstance(fdef, ast.AST)
    mod = ast if ast_node else gast
    stored, starred, passed = set(), set(), []
    for n in (ast if ast_node else gast).walk(fdef):
        if isinstance(n, mod.Call):
            star_before = False
            for i, a in enumerate(n.args):
                if isinstance(a, mod.Starred):
                    star_before = True
                    if isinstance(a.value, mod.Name):
                        starred.add(a.value.id)
                elif isinstance(a, mod.Name) and not star_before:
                    passed.append((n.func, i, a.id))
            passed += [
                (n.func, k.arg, k.value.id)
                for k in n.keywords
                if k.arg is not None and isinstance(k.value, mod.Name)
            ]
        elif isinstance(n, mod.Name) and not isinstance(n.ctx, mod.Load):
            stored.add(n.id)
    keep = {p for p in params if p not in stored}
    return frozenset(starred & keep), tuple(u for u in passed if u[2] in keep)


@functools.lru_cache(maxsize=256)
def _uses_of_code(code) -> tuple[frozenset, tuple]:
    try:
        lines, start = inspect.getsourcelines(code)
        tree = ast.parse(textwrap.dedent("".join(lines)))
    except (OSError, TypeError, SyntaxError):
        return frozenset(), ()
    line = code.co_firstlineno - max(start, 1) + 1
    defs = [
        n
        for n in ast.walk(tree)
        if (isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)) and n.name == code.co_name)
        or (isinstance(n, ast.Lambda) and code.co_name == "<lambda>" and n.lineno == line)
    ]
    if len(defs) != 1:
        return frozenset(), ()
    return _uses(defs[0], code.co_varnames[: code.co_argcount + code.co_kwonlyargcount])


def _resolve(func, lookup):
    """The Python function a call's ``func`` (a name or ``module.name``) names, or None."""
    path = []
    while isinstance(func, (ast.Attribute, gast.Attribute)):
        path.append(func.attr)
        func = func.value
    if not isinstance(func, (ast.Name, gast.Name)):
        return None
    value = lookup(func.id)
    for attr in reversed(path):
        if not isinstance(value, types.ModuleType):
            return None
        value = getattr(value, attr, None)
    return value if isinstance(value, types.FunctionType) else None


def starred_params(fn, seen=frozenset()) -> frozenset:
    """The parameters of the user function ``fn`` (a Python function or a
    :class:`~s2sgrad.normalize.tables.LocalFunction`) that it unpacks with ``*p``, or
    passes to a user function that does."""
    node = getattr(fn, "node", None)
    if isinstance(node, gast.FunctionDef):
        a = node.args
        starred, passed = _uses(node, [p.id for p in a.posonlyargs + a.args + a.kwonlyargs])
        info = fn.info

        def lookup(n):
            return info.lookup(n) if n in info.closure or n in info.globals else None

    else:
        fn = inspect.unwrap(fn) if callable(fn) else fn
        if not isinstance(fn, types.FunctionType) or fn.__code__ in seen:
            return frozenset()
        seen = seen | {fn.__code__}
        starred, passed = _uses_of_code(fn.__code__)
        cells = dict(zip(fn.__code__.co_freevars, fn.__closure__ or ()))

        def lookup(n):
            if n in cells:
                try:
                    return cells[n].cell_contents
                except ValueError:
                    return None
            return fn.__globals__.get(n, getattr(builtins, n, None))

    out = set(starred)
    for func, where, p in passed:
        if p in out:
            continue
        callee = _resolve(func, lookup)
        if callee is None:
            continue
        code = callee.__code__
        names = code.co_varnames[: code.co_argcount + code.co_kwonlyargcount]
        if isinstance(where, int):
            target = names[where] if where < code.co_argcount else None
        else:
            target = where if where in names[code.co_posonlyargcount :] else None
        if target is not None and target in starred_params(callee, seen):
            out.add(p)
    return frozenset(out)


def length_spec(fun, values: dict) -> list:
    """``("length", p, n)`` for each list or tuple value of a parameter ``p`` that
    ``fun`` unpacks into a call (itself or through its callees)."""
    lists = [p for p, v in values.items() if type(v) in (list, tuple)]
    if not lists:
        return []
    starred = starred_params(fun)
    return [("length", p, len(values[p])) for p in lists if p in starred]


def length_entries(lowering, fn, bound: dict) -> list:
    """``("length", p, n)`` of a call of the user function ``fn`` (``bound``: parameter ->
    argument) for each parameter ``fn`` unpacks whose argument's length the caller knows:
    a display, a local tuple or list of fixed length, its own such parameter."""
    out = []
    for p in sorted(starred_params(fn)):
        node = bound.get(p)
        if isinstance(node, (gast.Tuple, gast.List)):
            if not any(isinstance(e, gast.Starred) for e in node.elts):
                out.append(("length", p, len(node.elts)))
        elif isinstance(node, gast.Name):
            n = lowering.static_lengths.get(node.id, lowering.param_lengths.get(node.id))
            if n is not None:
                out.append(("length", p, n))
    return out
