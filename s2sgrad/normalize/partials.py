"""``functools.partial`` objects made inside the differentiated function and bound to a
name once: the bound arguments are evaluated where the partial is made (as Python does),
and each call of the name is the call of the function with them in front, so gradients
reach the bound arguments too.

    f = partial(member_loss, X=X, y=y)      ->    (nothing: X and y are not rebound)
    total = sum(map(f, ws))                 ->    [member_loss(w, X=X, y=y) for w in ws]

The name may be called, mapped (``map(f, xs)``), folded (``functools.reduce(f, xs)``) or
bound again by another partial; any other use (returned, stored, passed to a function) is
refused at that use.
"""

from __future__ import annotations

import functools

import gast

from ..errors import UnsupportedSyntaxError
from ..parsing import _MISSING
from ..syntax import name, walk
from .passed_partials import passed_uses

_TAKES_FUNCTION = (map, functools.reduce, functools.partial)


def _is_partial_display(lowering, value) -> bool:
    return (
        isinstance(value, gast.Call)
        and value.args
        and not any(isinstance(a, gast.Starred) for a in value.args)
        and lowering.free_value(value.func) is functools.partial
    )


def local_partials(lowering, body) -> dict:
    """``name -> the partial(...) call`` for each name bound once, in ``body``, to a
    ``partial(f, ...)`` display, and only called (or passed to map, reduce, partial)."""
    found = {}
    for node in walk(gast.Module(body=body, type_ignores=[])):
        if (
            isinstance(node, gast.Assign)
            and len(node.targets) == 1
            and isinstance(node.targets[0], gast.Name)
            and lowering.stores.get(node.targets[0].id) == 1
            and _is_partial_display(lowering, node.value)
        ):
            found[node.targets[0].id] = node.value
    if not found:
        return found
    called, nested = set(), set()
    for node in walk(gast.Module(body=body, type_ignores=[])):
        if isinstance(node, gast.Call):
            called.add(id(node.func))
            if node.args and any(lowering.free_value(node.func) is c for c in _TAKES_FUNCTION):
                called.add(id(node.args[0]))
        elif isinstance(node, (gast.Lambda, gast.FunctionDef)):
            nested.update(id(n) for n in walk(node) if isinstance(n, gast.Name))
    called |= passed_uses(lowering, body, found)  # rk4_step(f, y): passed_partials.py
    for node in walk(gast.Module(body=body, type_ignores=[])):
        if (
            isinstance(node, gast.Name)
            and node.id in found
            and isinstance(node.ctx, gast.Load)
            and (id(node) not in called or id(node) in nested)
        ):
            raise lowering.info.error(
                node,
                f"the functools.partial {node.id!r} made in the differentiated function can "
                "be called, mapped (map(f, xs)), folded (functools.reduce(f, xs)) or "
                "passed to a module-level function, but not used as a value here",
                "call the function with all its arguments here, or make the partial at "
                "module level",
                UnsupportedSyntaxError,
            )
    return found


def bind_partial(lowering, target: str, value, stmt) -> None:
    """``target = partial(f, a, k=v)``: ``a`` and ``v`` evaluated now, into names of
    their own unless nothing can rebind them (constants, names never stored), and the
    calls of ``target`` from here on made through them (see :func:`partial_call`)."""
    func = value.args[0]
    if isinstance(func, gast.Lambda):  # partial(lambda w, X: ..., X=X): a local def
        func = lowering.function_argument(func)
    known = (
        (isinstance(func, gast.Name) and func.id in lowering.local_functions)
        or (isinstance(func, gast.Name) and func.id in lowering.bound_partials)
        or lowering.free_value(func) is not _MISSING
    )
    if not known and not _found_when_run(lowering, func):
        raise lowering.info.error(
            func,
            "functools.partial of this function cannot be differentiated: it is not a "
            "function known when the function is transformed",
            "make the partial of a module-level or local function",
            UnsupportedSyntaxError,
        )

    def now(node, hint):
        if isinstance(node, gast.Constant) or lowering.free_value(node) is not _MISSING:
            return node
        if isinstance(node, gast.Name) and not lowering.stores.get(node.id):
            return node  # a parameter never rebound
        fresh = lowering.fresh(f"{target}_{hint}")
        lowering.locals.add(fresh)
        lowering.assign_to(name(fresh, store=True), node, stmt)
        return name(fresh)

    if not known:  # partial(REGISTRY[name], ...): the function found now, called when run
        func = now(func, "function")
    args = [now(a, f"arg{i}") for i, a in enumerate(value.args[1:])]
    keywords = [  # **kwargs copied, as the partial keeps a copy
        gast.keyword(arg=k.arg, value=now(k.value, k.arg))
        if k.arg is not None
        else gast.keyword(arg=None, value=now(_copied(lowering, k.value), "kwargs"))
        for k in value.keywords
    ]
    made = gast.Call(func=value.func, args=[func, *args], keywords=keywords)
    lowering.bound_partials[target] = gast.copy_location(made, value)


def _found_when_run(lowering, func) -> bool:
    """Is ``func`` of ``partial(func, ...)`` a function value found when the code runs,
    whose calls are differentiated then (``REGISTRY[name]``, a local bound to one:
    runtime.callees), keywords the constants of that derivative?"""
    return isinstance(func, gast.Subscript) or (
        isinstance(func, gast.Name)
        and func.id in lowering.locals
        and func.id not in lowering.local_partials
    )


def _copied(lowering, node):
    """``dict(node)`` of ``partial(f, **node)``, which keeps a copy of the mapping's items;
    a module-level mapping as it is (its keys are read when transforming)."""
    if lowering.free_value(node) is _MISSING and not isinstance(node, gast.Dict):
        return gast.copy_location(gast.Call(func=name("dict"), args=[node], keywords=[]), node)
    return node


def check_call_keywords(lowering, made, node) -> None:
    """An error where the call ``node`` of a partial made with ``**kwargs`` (``made``)
    passes keywords of its own: the partial lets them win over its stored ones, and which
    keys it stores is known only when the code runs."""
    if node.keywords and any(k.arg is None for k in made.keywords):
        raise lowering.info.error(
            node,
            "this call passes keywords to a functools.partial made with **kwargs, whose "
            "keys are known only when the code runs",
            "pass those keywords where the partial is made, or call the function itself",
            UnsupportedSyntaxError,
        )
