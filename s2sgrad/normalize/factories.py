"""Closure factories called in the differentiated function, written out where they are
called: the closures they return become local functions of the caller, which s2sgrad
differentiates with the values they read (a returned function value is called as
written, and one that holds differentiated values cannot be followed).

    def make_encoder(W, b):               W_made = W
        def encode(x):                    b_made = b
            return np.tanh(x @ W + b) ->  def encode_made(x):
        return encode                         return np.tanh(x @ W_made + b_made)
                                          encode = encode_made
    encode = make_encoder(W, b)

Only for a statement ``name = factory(args)`` (or a tuple of names) at the top level of
the function, where ``factory`` is a module function of the same module (no closure of
its own) whose body is plain statements and ``def`` s ending in one ``return`` that
names a function it defines; its parameters and the names it binds are renamed apart
from the caller's. Its positional parameters take the call's arguments (positional or
by name; a default must be a constant or a module name); anything else is left as written.
"""

from __future__ import annotations

import types

import gast

from ..parsing import parse_function
from ..syntax import clone, names_in, walk, walk_local

_MISSING = object()
_DEPTH = 4  # factories calling factories: how deep they are written out


def inline_factories(fn: gast.FunctionDef, info, depth: int = 0) -> None:
    """Write out, in place, the factory calls at the top level of ``fn``'s body."""
    if depth >= _DEPTH:
        return
    bound = _bound_names(fn)
    taken = names_in(fn)
    out = []
    for stmt in fn.body:
        out.extend(_hoisted(stmt, info, bound, taken, depth))  # f(make_kernel(ell), X)
        made = _inlined(stmt, info, bound, taken, depth)
        out.extend([stmt] if made is None else made)
    fn.body = out


def _hoisted(stmt, info, bound, taken, depth) -> list:
    """The factory calls that are arguments of calls in ``stmt`` (``fit(make_rbf(ell),
    X)``), each written out before it with a name of its own that replaces it; the
    factory's statements bind only its own names, so they may run first."""
    out = []
    todo = [c for c in gast.iter_child_nodes(stmt) if not isinstance(c, gast.stmt)]
    while todo:
        node = todo.pop(0)
        if isinstance(node, (gast.Lambda, gast.ListComp, gast.SetComp, gast.DictComp)):
            continue  # evaluated later, or once per item
        if isinstance(node, (gast.GeneratorExp, gast.IfExp, gast.BoolOp)):
            continue
        if isinstance(node, gast.Call):
            for i, a in enumerate(node.args):
                made = _factory_argument(a, stmt, info, bound, taken, depth)
                if made is not None:
                    node.args[i], statements = made
                    out += statements
            for k in node.keywords:
                made = _factory_argument(k.value, stmt, info, bound, taken, depth)
                if made is not None:
                    k.value, statements = made
                    out += statements
        todo.extend(gast.iter_child_nodes(node))
    return out


def _factory_argument(arg, stmt, info, bound, taken, depth):
    """``(name, statements)`` for an argument ``arg`` that is a factory call: a new name
    bound to it, and the factory written out for it; else None."""
    if not (isinstance(arg, gast.Call) and isinstance(arg.func, gast.Name)):
        return None
    base = f"{arg.func.id.removeprefix('make_') or 'made'}_fn"
    var = base
    while var in taken or var in bound:
        var += "_"
    target = gast.Name(id=var, ctx=gast.Store(), annotation=None, type_comment=None)
    single = gast.copy_location(gast.Assign(targets=[target], value=arg, type_comment=None), stmt)
    made = _inlined(single, info, bound, taken, depth)
    if made is None:
        return None
    taken.add(var)
    bound.add(var)
    read = gast.copy_location(
        gast.Name(id=var, ctx=gast.Load(), annotation=None, type_comment=None), arg
    )
    return read, made


def _bound_names(fn) -> set[str]:
    a = fn.args
    params = {p.id for p in a.posonlyargs + a.args + a.kwonlyargs + [a.vararg, a.kwarg] if p}
    stores = {n.id for n in walk(fn) if isinstance(n, gast.Name) and isinstance(n.ctx, gast.Store)}
    defs = {n.name for n in walk(fn) if isinstance(n, (gast.FunctionDef, gast.ClassDef))}
    return params | stores | defs


def _inlined(stmt, info, bound, taken, depth):
    if not (
        isinstance(stmt, gast.Assign)
        and len(stmt.targets) == 1
        and all(isinstance(t, gast.Name) for t in _target_names(stmt.targets[0]))
        and isinstance(stmt.value, gast.Call)
        and isinstance(stmt.value.func, gast.Name)
        and stmt.value.func.id not in bound
        and not any(isinstance(a, gast.Starred) for a in stmt.value.args)
        and all(k.arg is not None for k in stmt.value.keywords)
    ):
        return None
    target = info.lookup(stmt.value.func.id)
    if not (
        isinstance(target, types.FunctionType)
        and target.__globals__ is info.globals
        and target.__closure__ is None
        and not target.__code__.co_flags & 0x2A0  # a generator or coroutine
    ):
        return None
    try:
        node, _ = parse_function(target)
    except Exception:  # no source: called as written
        return None
    body = _factory_body(node)
    if body is None:
        return None
    args = _bound_arguments(node, stmt.value, bound)
    if args is None:
        return None
    inline_factories(node, info, depth + 1)  # its own factory calls first
    body = _factory_body(node)
    if body is None:
        return None
    *statements, returned = body
    defs = {s.name for s in statements if isinstance(s, gast.FunctionDef)}
    targets = _target_names(stmt.targets[0])
    values = _target_names(returned.value) if len(targets) > 1 else [returned.value]
    if len(values) != len(targets):
        return None
    renames = {  # the returned def takes the name it is bound to
        v.id: t.id
        for v, t in zip(values, targets)
        if isinstance(v, gast.Name) and v.id in defs and t.id not in names_in(node) - {v.id}
    }
    if len(set(renames.values())) != len(renames):
        return None
    for n in sorted({p.id for p in node.args.args} | _top_names(body) - set(renames)):
        new = f"{n}_made"
        while new in taken:
            new += "_"
        taken.add(new)
        renames[n] = new
    out = []
    for param, value in args:
        made = gast.Assign(
            targets=[
                gast.Name(id=renames[param], ctx=gast.Store(), annotation=None, type_comment=None)
            ],
            value=value,
            type_comment=None,
        )
        for n in walk(made):
            if not hasattr(n, "lineno"):
                gast.copy_location(n, stmt.value)
        out.append(gast.copy_location(made, stmt))
    for s in statements:
        out.append(_renamed(s, renames))
    for t, v in zip(targets, values):
        if not (isinstance(v, gast.Name) and v.id in defs and renames.get(v.id) == t.id):
            end = gast.Assign(targets=[clone(t)], value=_renamed(v, renames), type_comment=None)
            out.append(gast.copy_location(end, stmt))
    return out


def _target_names(target):
    if isinstance(target, (gast.Tuple, gast.List)):
        return target.elts
    return [target]


def _factory_body(node):
    """The statements of a factory ``node`` (no docstring), or None: plain statements and
    ``def`` s, one final ``return`` naming a function defined in it, no ``global``,
    ``nonlocal``, ``yield``, class or decorated function, no inner function whose
    parameters rename apart would change."""
    a = node.args
    if a.vararg or a.kwarg or a.kwonlyargs or a.posonlyargs:
        return None
    body = list(node.body)
    if body and isinstance(body[0], gast.Expr) and isinstance(body[0].value, gast.Constant):
        body = body[1:]
    if not body or not isinstance(body[-1], gast.Return) or body[-1].value is None:
        return None
    defs = {s.name for s in body if isinstance(s, gast.FunctionDef)}
    returned = {n.id for n in walk(body[-1].value) if isinstance(n, gast.Name)}
    if not defs & returned:
        return None  # no closure returned: a plain helper
    params = {p.id for p in a.args}
    for s in body:
        for n in walk(s):
            if isinstance(
                n,
                (gast.Global, gast.Nonlocal, gast.Yield, gast.YieldFrom, gast.Await, gast.ClassDef),
            ):
                return None
            if isinstance(n, gast.Return) and n is not body[-1] and not _inside_def(body, n):
                return None
            if isinstance(n, (gast.FunctionDef, gast.Lambda)):
                if getattr(n, "decorator_list", []):
                    return None
                inner = n.args
                own = {p.id for p in inner.posonlyargs + inner.args + inner.kwonlyargs}
                own |= {p.id for p in (inner.vararg, inner.kwarg) if p}
                if own & (params | _top_names(body)):
                    return None  # a parameter named like a name of the factory
                if any(
                    isinstance(d, gast.AST) and not isinstance(d, gast.Constant)
                    for d in inner.defaults + inner.kw_defaults
                ):
                    return None  # a default evaluated where the def runs
    return body


def _top_names(body) -> set[str]:
    """The names bound in the factory's own scope (not inside the functions it defines)."""
    out = {s.name for s in body if isinstance(s, gast.FunctionDef)}
    for n in walk_local(body):
        if isinstance(n, gast.Name) and isinstance(n.ctx, gast.Store):
            out.add(n.id)
    return out


def _inside_def(body, node) -> bool:
    for s in body:
        for d in walk(s):
            if isinstance(d, (gast.FunctionDef, gast.Lambda)) and any(n is node for n in walk(d)):
                return True
    return False


def _module_value(node, bound) -> bool:
    """A constant, or a module name (``np.tanh``) the caller does not bind itself."""
    while isinstance(node, gast.Attribute):
        node = node.value
    return isinstance(node, gast.Constant) or (isinstance(node, gast.Name) and node.id not in bound)


def _bound_arguments(node, call, bound):
    """(parameter, value) for each positional parameter of the factory ``node`` from
    ``call``'s arguments, a default where missing (a constant or a module name, which
    the factory's module and the caller's share); None otherwise."""
    params = [p.id for p in node.args.args]
    if len(call.args) > len(params):
        return None
    values = dict(zip(params, call.args))
    for k in call.keywords:
        if k.arg not in params or k.arg in values:
            return None
        values[k.arg] = k.value
    defaults = dict(zip(params[len(params) - len(node.args.defaults) :], node.args.defaults))
    out = []
    for p in params:
        if p in values:
            out.append((p, values[p]))
        elif p in defaults and _module_value(defaults[p], bound):
            out.append((p, clone(defaults[p])))
        else:
            return None
    return out


def _renamed(node, renames: dict):
    node = clone(node)
    for n in walk(node):
        if isinstance(n, gast.Name) and n.id in renames:
            n.id = renames[n.id]
        elif isinstance(n, gast.FunctionDef) and n.name in renames:
            n.name = renames[n.name]
    return node
