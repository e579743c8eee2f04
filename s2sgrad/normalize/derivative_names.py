"""Derivatives bound to a name inside the differentiated function, then called:

    df = grad(f)              ->    (dropped)
    for v in p:                     for v in p:
        t = t + df(v)                   t = t + grad(f)(v)

so that each call is the nested derivative :mod:`s2sgrad.nested` lowers. Only where that
is the same program: ``df`` bound once, at the top level of the body, read only as the
function of calls; every name the binding reads bound at most once, before it (a
transformation is pure: making it at each call is making it once).
"""

from __future__ import annotations

import gast

from ..syntax import clone, names_in, walk
from .tables import _is_transform, store_counts


def inline_derivative_names(fn: gast.FunctionDef, info) -> None:
    """Replace, in place, the calls of names bound to a transformation in ``fn``'s body
    by calls of the transformation, and drop the bindings."""
    body = fn.body
    counts = store_counts(body)
    a = fn.args
    params = {p.id for p in a.posonlyargs + a.args + a.kwonlyargs + [a.vararg, a.kwarg] if p}
    defs: dict[str, list[int]] = {}
    for j, s in enumerate(body):
        if isinstance(s, (gast.FunctionDef, gast.AsyncFunctionDef)):
            defs.setdefault(s.name, []).append(j)
    declared = {n for s in walk(fn) if isinstance(s, (gast.Global, gast.Nonlocal)) for n in s.names}
    dropped = []
    for i, stmt in enumerate(body):
        target = _bound_transform(stmt, info, params | set(counts))
        if target is None or counts.get(target) != 1 or target in params | declared:
            continue
        reads = names_in(stmt.value) - {target}
        if any(
            counts.get(n, 0) > 1
            or n in declared
            or (counts.get(n) and not _stored_in(body[:i], n))
            or len(defs.get(n, [])) > 1
            or any(j > i for j in defs.get(n, []))
            for n in reads
        ):
            continue
        calls = _calls_of(body[i + 1 :], target)
        if calls is None:
            continue
        for c in calls:
            c.func = gast.copy_location(clone(stmt.value), c.func)
        dropped.append(i)
    fn.body = [s for j, s in enumerate(body) if j not in dropped]


def _bound_transform(stmt, info, local: set) -> str | None:
    """The name ``df`` of ``df = grad(f, ...)`` (``autograd.grad``, ``s2sgrad.hessian``...),
    its function found through the module's names; else None."""
    if not (
        isinstance(stmt, gast.Assign)
        and len(stmt.targets) == 1
        and isinstance(stmt.targets[0], gast.Name)
        and isinstance(stmt.value, gast.Call)
    ):
        return None
    chain, func = [], stmt.value.func
    while isinstance(func, gast.Attribute):
        chain.insert(0, func.attr)
        func = func.value
    if not isinstance(func, gast.Name) or func.id in local:
        return None
    value = info.lookup(func.id)
    for attr in chain:
        value = getattr(value, attr, None)
    return stmt.targets[0].id if _is_transform(value) else None


def _stored_in(stmts, n: str) -> bool:
    return bool(store_counts(stmts).get(n))


def _calls_of(stmts, target: str):
    """The calls ``target(...)`` in ``stmts`` (nested functions included), or None where
    ``target`` is read otherwise (passed, returned, stored)."""
    module = gast.Module(body=stmts, type_ignores=[])
    calls = [
        n
        for n in walk(module)
        if isinstance(n, gast.Call) and isinstance(n.func, gast.Name) and n.func.id == target
    ]
    callees = {id(c.func) for c in calls}
    for n in walk(module):
        if isinstance(n, gast.Name) and n.id == target and id(n) not in callees:
            return None
        if isinstance(n, (gast.FunctionDef, gast.Lambda)) and target in {
            p.id for p in n.args.args + n.args.posonlyargs + n.args.kwonlyargs
        }:
            return None  # a parameter of that name shadows it
    return calls
