"""Lengths of list, tuple and array parameters that a function unpacks into a call
(``mlp(x, *params)``, ``poly(x, *coefs)``), itself or through the user functions it
passes them to: the derivative is made for the length the call passes, as it is made
for the number of ``*args`` items, and each unpacking checks it when it runs.

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
import numpy as np

from ..syntax import walk


def _params_of(fdef) -> list:
    a = fdef.args
    return [
        p.arg if isinstance(p, ast.arg) else p.id for p in a.posonlyargs + a.args + a.kwonlyargs
    ]


def _uses(fdef, params) -> tuple:
    """Of the parameters of ``fdef`` (an ast or gast def) that it never binds again: the
    ones a call's ``*p`` unpacks, ``(func, where, p)`` for each call passing one
    (``where``: the position, or the keyword), and ``(name, its parameters, its uses)``
    of each local def or lambda bound to a name (``net = lambda p: mlp(x, *p)``)."""
    mod = gast if type(fdef).__module__.startswith("gast") else ast
    stored, starred, passed, local, derived = set(), set(), [], [], {}
    nodes = list(walk(fdef))
    for n in nodes:
        if isinstance(n, mod.Call):
            star_before = False
            for i, a in enumerate(n.args):
                if isinstance(a, mod.Starred):
                    star_before = True
                elif isinstance(a, mod.Name) and not star_before:
                    passed.append((n.func, i, a.id))
            passed += [
                (n.func, k.arg, k.value.id)
                for k in n.keywords
                if k.arg is not None and isinstance(k.value, mod.Name)
            ]
        elif isinstance(n, mod.Starred) and isinstance(n.ctx, mod.Load):
            starred |= _length_names(mod, n.value)  # f(*p), [*p[1:], x], f(*[g(w) for w in p])
        elif isinstance(n, mod.Name) and not isinstance(n.ctx, (mod.Load, gast.Param)):
            stored.add(n.id)
        elif n is not fdef and isinstance(
            n, (mod.FunctionDef, getattr(mod, "AsyncFunctionDef", mod.FunctionDef))
        ):
            local.append((n.name, n))
        elif (
            isinstance(n, mod.Assign)
            and len(n.targets) == 1
            and isinstance(n.targets[0], mod.Name)
            and isinstance(n.value, mod.Lambda)
        ):
            local.append((n.targets[0].id, n.value))
        if isinstance(n, mod.Assign) and len(n.targets) == 1 and isinstance(n.targets[0], mod.Name):
            source = _elementwise_source(mod, n.value)  # rates = np.exp(log_rates)
            if source is not None:
                derived.setdefault(n.targets[0].id, set()).add(source)
    for _ in range(len(derived)):  # f(*rates): the length of log_rates decides
        starred |= {s for t in starred for s in derived.get(t, ())}
    keep = {p for p in params if p not in stored}
    defs = tuple((k, tuple(_params_of(d)), _uses(d, _params_of(d))) for k, d in local)
    return frozenset(starred & keep), tuple(u for u in passed if u[2] in keep), defs


_LENGTH_CALLS = ("list", "tuple", "reversed", "sorted", "enumerate", "zip")


def _elementwise_source(mod, value):
    """The name whose length ``value`` may keep, as :func:`.spread.elementwise_length`
    reads it: ``np.exp(p)``, ``-p``, ``2.0 * p`` give ``p`` (an over-estimate costs only a
    derivative made per length)."""
    while True:
        if isinstance(value, mod.UnaryOp):
            value = value.operand
        elif isinstance(value, mod.BinOp):
            value = value.right if isinstance(value.left, mod.Constant) else value.left
        elif isinstance(value, mod.Call) and len(value.args) == 1 and not value.keywords:
            value = value.args[0]
        else:
            return value.id if isinstance(value, mod.Name) else None


def _length_names(mod, value) -> set:
    """The names whose lengths give the length of ``*value`` (see :mod:`.spread`)."""
    if isinstance(value, mod.Name):
        return {value.id}
    if isinstance(value, mod.Subscript) and isinstance(value.slice, mod.Slice):
        return _length_names(mod, value.value)
    if isinstance(value, (mod.Tuple, mod.List)):
        return {
            n for e in value.elts if isinstance(e, mod.Starred) for n in _length_names(mod, e.value)
        }
    if isinstance(value, (mod.ListComp, mod.GeneratorExp)) and len(value.generators) == 1:
        return _length_names(mod, value.generators[0].iter)
    if isinstance(value, mod.Call) and getattr(value.func, "id", None) in _LENGTH_CALLS:
        return {n for a in value.args for n in _length_names(mod, a)}
    return set()


@functools.lru_cache(maxsize=256)
def _uses_of_code(code) -> tuple[frozenset, tuple]:
    try:
        lines, start = inspect.getsourcelines(code)
        tree = ast.parse(textwrap.dedent("".join(lines)))
    except (OSError, TypeError, SyntaxError):
        return frozenset(), (), ()
    line = code.co_firstlineno - max(start, 1) + 1
    defs = [
        n
        for n in walk(tree)
        if (isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)) and n.name == code.co_name)
        or (isinstance(n, ast.Lambda) and code.co_name == "<lambda>" and n.lineno == line)
    ]
    if len(defs) != 1:
        return frozenset(), (), ()
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
    local = isinstance(getattr(value, "node", None), gast.FunctionDef)  # a sibling def
    return value if isinstance(value, types.FunctionType) or local else None


def starred_params(fn, seen=frozenset(), siblings=None) -> frozenset:
    """The parameters of the user function ``fn`` (a Python function or a
    :class:`~s2sgrad.normalize.tables.LocalFunction`) that it unpacks with ``*p``, or
    passes to a user function (or a local def or lambda, its own or a sibling of
    ``siblings``, name -> LocalFunction) that does."""
    node = getattr(fn, "node", None)
    if isinstance(node, gast.FunctionDef):
        if id(node) in seen:
            return frozenset()
        seen = seen | {id(node)}
        uses = _uses(node, _params_of(node))
        info = fn.info
        siblings = siblings or {}

        def lookup(n):
            if n in siblings:
                return siblings[n]
            return info.lookup(n) if n in info.closure or n in info.globals else None

    else:
        fn = inspect.unwrap(fn) if callable(fn) else fn
        if not isinstance(fn, types.FunctionType) or fn.__code__ in seen:
            return frozenset()
        seen = seen | {fn.__code__}
        uses = _uses_of_code(fn.__code__)
        cells = dict(zip(fn.__code__.co_freevars, fn.__closure__ or ()))

        def lookup(n):
            if n in cells:
                try:
                    return cells[n].cell_contents
                except ValueError:
                    return None
            return fn.__globals__.get(n, getattr(builtins, n, None))

    return _through(uses, lookup, seen, 0, siblings)


def _through(uses, lookup, seen, depth, siblings=None, outer=None) -> frozenset:
    """The starred parameters of :func:`_uses`' answer ``uses``, through its calls
    (``outer``: the local defs of the functions around, which it may call too)."""
    starred, passed, local = uses
    out = set(starred)
    defs = {**(outer or {}), **{k: (params, u) for k, params, u in local}}
    for func, where, p in passed:
        if p in out:
            continue
        if isinstance(func, (ast.Name, gast.Name)) and func.id in defs and depth < 8:
            params, u = defs[func.id]
            inner = _through(u, lookup, seen, depth + 1, siblings, defs)
            n_pos, names, posonly = len(params), params, 0
        else:
            callee = _resolve(func, lookup)
            if callee is None:
                continue
            if hasattr(callee, "node"):  # a sibling local def (a LocalFunction)
                a = callee.node.args
                names = tuple(_params_of(callee.node))
                n_pos, posonly = len(a.posonlyargs + a.args), len(a.posonlyargs)
                inner = starred_params(callee, seen, siblings)
            else:
                code = callee.__code__
                names = code.co_varnames[: code.co_argcount + code.co_kwonlyargcount]
                n_pos, posonly = code.co_argcount, code.co_posonlyargcount
                inner = None
        if isinstance(where, int):
            target = names[where] if where < n_pos else None
        else:
            target = where if where in names[posonly:] else None
        if target is None:
            continue
        if inner is None:
            inner = starred_params(callee, seen)
        if target in inner:
            out.add(p)
    return frozenset(out)


def length_spec(fun, values: dict) -> list:
    """``("length", p, n)`` for each list, tuple or NumPy array (of at least one
    dimension: its rows) value of a parameter ``p`` that ``fun`` unpacks into a call
    (itself or through its callees)."""
    lists = [
        p
        for p, v in values.items()
        if type(v) in (list, tuple) or (isinstance(v, np.ndarray) and v.ndim >= 1)
    ]
    if not lists:
        return []
    starred = starred_params(fun)
    return [("length", p, len(values[p])) for p in lists if p in starred]


def length_entries(lowering, fn, bound: dict) -> list:
    """``("length", p, n)`` of a call of the user function ``fn`` (``bound``: parameter ->
    argument) for each parameter ``fn`` unpacks whose argument's length the caller knows:
    a display, a local tuple or list of fixed length, its own such parameter."""
    out = []
    for p in sorted(starred_params(fn, siblings=lowering.local_functions)):
        node = bound.get(p)
        if isinstance(node, (gast.Tuple, gast.List)):
            if not any(isinstance(e, gast.Starred) for e in node.elts):
                out.append(("length", p, len(node.elts)))
        elif isinstance(node, gast.Name):
            n = lowering.static_lengths.get(node.id, lowering.param_lengths.get(node.id))
            if n is not None:
                out.append(("length", p, n))
    return out
