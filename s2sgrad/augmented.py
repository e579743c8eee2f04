"""Which parameters a user function changes with ``p op= ...``: NumPy changes the
caller's array there, where the derivative rebinds the parameter (as under autograd), so
a caller that reads the array again would see the difference (:mod:`s2sgrad.validate`).

A parameter passed on, itself or a view of it (``p[1:]``, ``p.T``, ``p.reshape(...)``),
to a user function that changes it so counts too::

    def outer(a):            augmented_params(outer) == {"a"}
        return inner(a[1:])
    def inner(b):
        b *= 2.0
"""

from __future__ import annotations

import ast
import functools
import inspect
import types

import gast

from .parsing import through_cache

# methods of an array whose result may be a view of it
_VIEWS = frozenset({"reshape", "ravel", "view", "transpose", "swapaxes", "squeeze"})


def augmented_params(fn, seen: frozenset = frozenset()) -> frozenset:
    """The parameters of the user function ``fn`` (a function object, or a local ``def``
    or ``lambda`` of the function being transformed) that it, or a user function it
    passes them to, changes with ``p op= ...``; and the free names (of a closure or a
    global) it so passes on (``def g(): return inner(y)``)."""
    fn = through_cache(fn)
    if isinstance(fn, types.FunctionType):
        key, scanned = fn.__code__, _scan_code(fn.__code__)
        code, cells = fn.__code__, fn.__closure__ or ()
        closure = dict(zip(code.co_freevars, cells))

        def resolve(name):
            if name in closure:
                try:
                    return closure[name].cell_contents
                except ValueError:
                    return None
            return fn.__globals__.get(name)

    elif isinstance(getattr(fn, "node", None), gast.AST) and hasattr(fn, "info"):
        key, scanned = id(fn.node), _scan(fn.node, gast)  # a local def or lambda

        def resolve(name):
            return fn.info.closure.get(name, fn.info.globals.get(name))

    else:
        return frozenset()
    if key in seen:
        return frozenset()  # recursion: its own changes are found at the outer call
    return frozenset(_changes(scanned, resolve, seen | {key}))


def _changes(scanned, resolve, seen: frozenset, visible=None) -> set:
    """The parameters that a scanned function changes, itself or in a function it passes
    them to: a user function ``resolve`` finds, or a local ``def`` or ``lambda`` it sees
    (``def g(b): b *= 2.0`` called as ``g(a)``)."""
    changed, calls, local = scanned
    visible = {**(visible or {}), **local}
    out = set(changed)
    for callee_name, passed in calls:
        if callee_name in visible:
            positional, inner_scan = visible[callee_name]
            if id(inner_scan) in seen:
                continue  # a local def calling itself
            inner = _changes(inner_scan, resolve, seen | {id(inner_scan)}, visible)
        else:
            callee = through_cache(resolve(callee_name))
            inner = augmented_params(callee, seen)
            if not inner:
                continue
            callee_code = callee.__code__
            positional = callee_code.co_varnames[: callee_code.co_argcount]
        for where, p in passed:
            if isinstance(where, tuple):  # *args or **kwargs passed on: "*k", "**name"
                out.update(_forwarded(where, positional, inner))
                continue
            target = where if isinstance(where, str) else None
            if isinstance(where, int) and where < len(positional):
                target = positional[where]
            if target in inner:
                out.add(p)
    return out


def _forwarded(where: tuple, positional: tuple, inner) -> set:
    """What ``f(*args)`` (``where``: ``("*", i)``, ``args`` at position ``i``) or
    ``f(**kwargs)`` (``("**",)``) passes to a callee changing ``inner`` changes: ``"*k"``,
    the item ``k`` of ``args``; ``"**name"``, the keyword ``name`` of ``kwargs``."""
    out = set()
    for q in inner:
        if where[0] == "**":
            if not q.startswith("*") or q.startswith("**"):
                out.add("**" + q.lstrip("*"))
            continue
        if q.startswith("**"):
            continue
        j = len(positional) + int(q[1:]) if q.startswith("*") else None
        if j is None and q in positional:
            j = positional.index(q)
        if j is not None and j >= where[1]:
            out.add(f"*{j - where[1]}")
    return out


@functools.lru_cache(maxsize=256)
def _scan_code(code):
    try:
        text = "".join(inspect.getsourcelines(code)[0])
        tree = ast.parse("if 1:\n" + text if text[:1].isspace() else text)
    except (OSError, TypeError, SyntaxError):
        return frozenset(), (), {}
    defs = [n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))]
    lambdas = [n for n in ast.walk(tree) if isinstance(n, ast.Lambda)]
    if not defs and not lambdas:
        return frozenset(), (), {}
    return _scan(defs[0] if defs else lambdas[0], ast)


def _scan(node, mod):
    """``(changed, calls, local)`` of a ``def`` or ``lambda`` node (of ``ast`` or
    ``gast``, ``mod``): the parameters it changes with ``p op= ...``; for each call of a
    name, ``(name, ((position or keyword, parameter), ...))`` for its arguments that are a
    parameter or a view of one; and for each ``def`` or ``lambda`` it binds to a name,
    ``name -> (positional parameters, its own scan)``."""
    a = node.args
    params = {_arg_name(p, mod) for p in a.posonlyargs + a.args + a.kwonlyargs}
    stored = {n.id for n in mod.walk(node) if isinstance(n, mod.Name) and _stores(n, mod)}
    # a free name passed on counts as the function's own: a closure's (or a global's)
    # object is changed in place as a parameter's is
    roots = params | {
        n.id for n in mod.walk(node) if isinstance(n, mod.Name) and n.id not in stored
    }
    changed, calls, local = set(), [], {}
    for n in mod.walk(node):
        fun = None
        if isinstance(n, (mod.FunctionDef, mod.AsyncFunctionDef)) and n is not node:
            fun, name = n, n.name
        elif (
            isinstance(n, mod.Assign)
            and isinstance(n.value, mod.Lambda)
            and isinstance(n.targets[0], mod.Name)
        ):
            fun, name = n.value, n.targets[0].id
        if fun is not None:
            positional = tuple(_arg_name(p, mod) for p in fun.args.posonlyargs + fun.args.args)
            local[name] = (positional, _scan(fun, mod))
        if isinstance(n, mod.AugAssign) and isinstance(n.target, mod.Name):
            if n.target.id in params:
                changed.add(n.target.id)
        elif isinstance(n, mod.Call) and isinstance(n.func, mod.Name):
            passed = []
            for i, arg in enumerate(n.args):
                if isinstance(arg, mod.Starred):
                    if _is_name(arg.value, a.vararg, mod):  # f(*args): its items passed on
                        passed.append((("*", i), arg.value.id))
                    break
                p = _root(arg, roots, mod)
                if p is not None:
                    passed.append((i, p))
            passed += [
                (k.arg, _root(k.value, roots, mod))
                for k in n.keywords
                if k.arg is not None and _root(k.value, roots, mod) is not None
            ]
            passed += [
                (("**",), k.value.id)
                for k in n.keywords
                if k.arg is None and _is_name(k.value, a.kwarg, mod)
            ]
            if passed:
                calls.append((n.func.id, tuple(passed)))
    return frozenset(changed), tuple(calls), local


def _is_name(node, arg, mod) -> bool:
    """Is ``node`` the name of the ``*args`` or ``**kwargs`` parameter ``arg``?"""
    return arg is not None and isinstance(node, mod.Name) and node.id == _arg_name(arg, mod)


def _stores(n, mod) -> bool:
    return isinstance(n.ctx, (mod.Store, mod.Del))


def _arg_name(p, mod) -> str:
    return p.id if mod is gast else p.arg


def _root(node, params, mod):
    """The parameter that ``node`` is, or may view (``p[1:]``, ``p.T``, ``p.ravel()``)."""
    while True:
        if isinstance(node, (mod.Subscript, mod.Attribute)):
            node = node.value
        elif (
            isinstance(node, mod.Call)
            and isinstance(node.func, mod.Attribute)
            and node.func.attr in _VIEWS
        ):
            node = node.func.value
        else:
            break
    return node.id if isinstance(node, mod.Name) and node.id in params else None


def positional_params(fn) -> tuple:
    """The names of the positional parameters of ``fn`` (as :func:`augmented_params`)."""
    fn = through_cache(fn)
    if isinstance(fn, types.FunctionType):
        code = fn.__code__
        return code.co_varnames[: code.co_argcount]
    a = fn.node.args
    return tuple(p.id for p in a.posonlyargs + a.args)
