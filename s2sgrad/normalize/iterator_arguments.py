"""A ``reversed``, ``zip`` or ``enumerate`` iterator passed to a user function that reads
it once, as the list of its items:

    bwd = run(W, U, reversed(SEQ))   ->   bwd = run(W, U, [item for item in reversed(SEQ)])

where ``run(W, U, seq)`` reads ``seq`` only in ``for x in seq`` (or a comprehension, or a
builtin that reads it whole), not in a loop of its own. A loop iterates by position, and an
iterator has none; the list gives that one reading the same items in the same order. Any
other reading of the parameter (twice, ``next(seq)``, ``len(seq)``, in a loop, passed on) is
an error at the argument: Python's second reading of an iterator is empty.
"""

from __future__ import annotations

import builtins
import types

import gast

from ..errors import TransformError, UnsupportedSyntaxError
from ..parsing import _library_function, parse_function
from ..syntax import call, name, names_in, walk
from .iterators import Uses, _read_once

_ITERATORS = ("reversed", "zip", "enumerate")


def list_iterator_arguments(fn: gast.FunctionDef, info) -> None:
    """Wrap in ``list(...)`` each iterator argument (a call of ``_ITERATORS``) of a call of
    a user function of ``fn`` that reads the parameter once; an error where it reads it
    otherwise."""
    stores = {n.id for n in walk(fn) if isinstance(n, gast.Name) and not _loaded(n)}
    if "list" in stores or info.lookup("list") is not list:
        return
    taken = names_in(fn)
    defs = [s for s in walk(fn) if isinstance(s, gast.FunctionDef) and s is not fn]
    named = [d.name for d in defs]
    stores |= {n for n in named if named.count(n) > 1}
    local_defs = {d.name: d for d in defs}
    for node in walk(fn):
        if not (isinstance(node, gast.Call) and isinstance(node.func, gast.Name)):
            continue
        passed = [
            (i, k, a)
            for i, k, a in _arguments(node)
            if isinstance(a, gast.Call)
            and isinstance(a.func, gast.Name)
            and a.func.id in _ITERATORS
            and a.func.id not in stores
            and info.lookup(a.func.id) is getattr(builtins, a.func.id)
        ]
        if not passed:
            continue
        callee = _callee(node.func.id, stores, local_defs, info)
        if callee is None:
            continue
        target, callee_info = callee
        for i, k, arg in passed:
            param = _parameter(target, i, k)
            if param is None or not _read_once_in(target, param, callee_info):
                raise info.error(
                    arg,
                    f"{arg.func.id}(...) passed to {node.func.id}(): an iterator, which "
                    f"s2sgrad reads as the list of its items, and {node.func.id} reads "
                    f"{param or 'it'!r} other than once, in one loop (a second reading of "
                    "an iterator is empty)",
                    f"pass list({arg.func.id}(...)) where {node.func.id} reads it more than "
                    "once, or read it in one for loop there",
                    UnsupportedSyntaxError,
                )
            listed = _listed(arg, taken)
            if k is None:
                node.args[i] = listed
            else:
                next(kw for kw in node.keywords if kw.arg == k).value = listed


def _listed(arg, taken: set):
    """``list(zip(a, b))`` (``enumerate``: lowered as the list of its tuples) or ``[x for x
    in reversed(xs)]`` (a loop by position over ``xs``, whose items are differentiated)."""
    if arg.func.id != "reversed":
        return gast.copy_location(call("list", arg), arg)
    item = next(f"item{k or ''}" for k in range(len(taken) + 1) if f"item{k or ''}" not in taken)
    taken.add(item)
    loop = gast.comprehension(target=name(item, store=True), iter=arg, ifs=[], is_async=0)
    return gast.copy_location(gast.ListComp(elt=name(item), generators=[loop]), arg)


def _loaded(n) -> bool:
    return isinstance(n.ctx, gast.Load)


def _arguments(node):
    """``(position, keyword, argument)`` of each argument of the call ``node`` up to its
    first ``*args`` (the positions after one are not known)."""
    for i, a in enumerate(node.args):
        if isinstance(a, gast.Starred):
            break
        yield i, None, a
    for kw in node.keywords:
        if kw.arg is not None:
            yield None, kw.arg, kw.value


def _callee(func: str, stores: set, local_defs: dict, info):
    """The definition and source info of the user function ``func`` names: a ``def`` of
    ``fn`` (bound by it alone) or a module function with source; else None."""
    if func in local_defs:
        return (local_defs[func], info) if func not in stores else None
    if func in stores:
        return None
    value = info.lookup(func)
    if not isinstance(value, types.FunctionType) or _library_function(value):
        return None
    try:
        return parse_function(value, generator=True)
    except TransformError:
        return None  # no source: the call is left as written


def _parameter(fn, position, keyword) -> str | None:
    """The parameter of ``fn`` an argument at ``position`` (or by ``keyword``) binds."""
    a = fn.args
    positional = [p.id for p in a.posonlyargs + a.args]
    if position is not None:
        return positional[position] if position < len(positional) else None
    named = [p.id for p in a.args + a.kwonlyargs]
    return keyword if keyword in named else None


def _read_once_in(fn, param: str, info) -> bool:
    """Does ``fn``'s body read ``param`` once, by one reading (a loop, a comprehension, a
    builtin reading it whole) not in a loop or nested function, and never rebind it?"""
    uses = Uses(fn.body, info)
    reads = uses.loads.get(param, [])
    return (
        len(reads) == 1
        and not uses.stores.get(param)
        and uses.loops[id(reads[0])] == ()
        and _read_once(reads[0], uses)
    )
