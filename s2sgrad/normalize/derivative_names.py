"""Derivatives bound to a name in the differentiated function, then called:

    g = grad(lambda y: np.sum(np.sin(y)))     ->    (nothing)
    return np.sum(g(x))                       ->    return np.sum(grad(lambda y: ...)(x))

A name bound once, by a statement of the function's body itself, to a transformation of a
function (``grad``, ``value_and_grad``, ``hessian``, ``jacfwd``, autograd's
``elementwise_grad``...) and read only as the callee of calls (in local functions too) is
the transformation written at each call: a nested derivative, :mod:`s2sgrad.nested`.
That is what Python does: the function's free variables are read when it is called, not
when it is made. The function transformed is the same at every call: a name bound nowhere
in the body or once before the binding (``f = lambda x: ...; df = grad(f)``), or a lambda
without defaults.
"""

from __future__ import annotations

import gast

from ..syntax import clone, iter_child_nodes, walk
from .tables import _assigned_names, _is_transform, store_counts


def inline_derivative_names(fn: gast.FunctionDef, info) -> None:
    """Write, in place, each call of a name bound to a transformation in ``fn``'s body as
    a call of the transformation, and drop the binding."""
    body = fn.body
    stores, calls = _names(body)
    a = fn.args
    params = {p.id for p in a.posonlyargs + a.args + a.kwonlyargs + [a.vararg, a.kwarg] if p}
    local = params | _assigned_names(body)
    declared = {n for s in walk(fn) if isinstance(s, (gast.Global, gast.Nonlocal)) for n in s.names}
    dropped = set()
    for i, stmt in enumerate(body):
        target = _bound_transform(stmt, info, local)
        if target is None or target in declared or stores.get(target) != 1:
            continue
        uses = calls.get(target)
        transformed = stmt.value.args[0]
        if (
            not uses
            or (isinstance(transformed, gast.Lambda) and _has_defaults(transformed))
            or (
                isinstance(transformed, gast.Name)
                and not _same_before(body[:i], transformed.id, stores)
            )
        ):
            continue
        for c in uses:
            c.func = gast.copy_location(clone(stmt.value), c.func)
        dropped.add(i)
    fn.body = [s for j, s in enumerate(body) if j not in dropped]


def _names(body) -> tuple[dict, dict]:
    """How many times each name of ``body`` is stored, and the calls of each name, or
    None for a name also read otherwise; a local function's own names (its parameters and
    locals) are its own, not the body's."""
    stores: dict[str, int] = {}
    calls: dict[str, list | None] = {}

    def visit(node, own):
        if isinstance(node, gast.Call) and isinstance(node.func, gast.Name):
            if node.func.id not in own and calls.get(node.func.id, []) is not None:
                calls.setdefault(node.func.id, []).append(node)
            for child in node.args + [k.value for k in node.keywords]:
                visit(child, own)
            return
        if isinstance(node, gast.Name) and node.id not in own:
            if isinstance(node.ctx, gast.Load):
                calls[node.id] = None
            else:
                stores[node.id] = stores.get(node.id, 0) + 1
        if isinstance(node, (gast.FunctionDef, gast.Lambda)):
            own = own | _own_names(node)
        for child in iter_child_nodes(node):
            visit(child, own)

    for stmt in body:
        visit(stmt, frozenset())
    return stores, calls


def _own_names(fn) -> frozenset:
    """The names a nested ``def`` or ``lambda`` binds itself: its parameters and the names
    it assigns without declaring them ``nonlocal`` or ``global``."""
    args = fn.args
    params = [p for p in args.posonlyargs + args.args + args.kwonlyargs if p]
    params += [p for p in (args.vararg, args.kwarg) if p]
    own = {p.id for p in params}
    if isinstance(fn, gast.FunctionDef):
        declared = {
            n
            for stmt in walk(gast.Module(body=fn.body, type_ignores=[]))
            if isinstance(stmt, (gast.Nonlocal, gast.Global))
            for n in stmt.names
        }
        own |= _assigned_names(fn.body) - declared
    return frozenset(own)


def _bound_transform(stmt, info, local: set) -> str | None:
    """The name ``g`` of ``g = grad(f, ...)`` (``autograd.grad``, ``s2sgrad.hessian``...),
    the transformation found through the module's names; else None."""
    if not (
        isinstance(stmt, gast.Assign)
        and len(stmt.targets) == 1
        and isinstance(stmt.targets[0], gast.Name)
        and isinstance(stmt.value, gast.Call)
        and stmt.value.args
    ):
        return None
    chain, func = [], stmt.value.func
    while isinstance(func, gast.Attribute):
        chain.append(func)
        func = func.value
    if not isinstance(func, gast.Name) or func.id in local:
        return None
    value = info.lookup(func.id)
    for attribute in reversed(chain):  # remembered, as the lowering's free_value does
        value = info.attribute(attribute, value)
    return stmt.targets[0].id if _is_transform(value) else None


def _has_defaults(fn: gast.Lambda) -> bool:
    return bool(fn.args.defaults or fn.args.kw_defaults)


def _same_before(stmts, n: str, stores: dict) -> bool:
    """Is the name ``n`` bound nowhere in the body, or once, by one of ``stmts`` (those
    before the binding of the derivative)?"""
    return not stores.get(n) or (stores[n] == 1 and bool(store_counts(stmts).get(n)))
