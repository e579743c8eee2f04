"""A ``reversed``, ``zip`` or ``enumerate`` iterator passed to a user function (or method)
that reads it once, as the list of its items:

    bwd = run(W, U, reversed(SEQ))   ->   bwd = run(W, U, [item for item in reversed(SEQ)])

where ``run(W, U, seq)`` reads ``seq`` only in ``for x in seq`` (or a comprehension, or a
builtin that reads it whole), not in a loop of its own. A loop iterates by position, and an
iterator has none; the list gives that one reading the same items in the same order. Read
otherwise (twice, ``next(seq)``, in a loop, passed on), the iterator is passed as it is:
``next`` reads it as Python does, and a loop over it is an error when it runs (a second
reading of an iterator is empty, of a list not).
"""

from __future__ import annotations

import types

import gast

from ..errors import TransformError
from ..parsing import _library_function, parse_function, through_cache
from ..syntax import call, name
from .iterators import Uses, _read_once
from .tables import LocalFunction

_ITERATORS = (reversed, zip, enumerate)


def listed_iterators(lowering, fn, args: list, keywords: list) -> tuple[list, list]:
    """``args`` and ``keywords`` of a call of the user function ``fn`` (its first
    parameter's argument first, for a method) with each iterator argument listed where
    ``fn`` reads the parameter once."""
    starred = [i for i, a in enumerate(args) if isinstance(a, gast.Starred)]
    known = args[: starred[0]] if starred else args  # the positions after *xs are not known
    passed = [(i, None, a) for i, a in enumerate(known) if _iterator(lowering, a)]
    passed += [(None, k.arg, k.value) for k in keywords if _iterator(lowering, k.value)]
    if not passed:
        return args, keywords
    callee = _callee(lowering, fn)
    if callee is None:
        return args, keywords
    target, info = callee
    args, keywords = list(args), list(keywords)
    for i, k, arg in passed:
        param = _parameter(target, i, k)
        if param is None or not _read_once_in(target, param, info):
            continue  # next(seq), two loops: the iterator as it is (an error where looped)
        listed = _listed(lowering, arg)
        if k is None:
            args[i] = listed
        else:
            keywords = [gast.keyword(arg=k, value=listed) if w.arg == k else w for w in keywords]
    return args, keywords


def _iterator(lowering, node) -> bool:
    return (
        isinstance(node, gast.Call)
        and not any(isinstance(a, gast.Starred) for a in node.args)
        and any(lowering.resolve_call(node) is f for f in _ITERATORS)
        and lowering.free_value(name("list")) is list
    )


def _listed(lowering, arg):
    """``list(zip(a, b))`` (``enumerate``: lowered as the list of its tuples) or ``[x for x
    in reversed(xs)]`` (a loop by position over ``xs``, whose items are differentiated)."""
    if lowering.resolve_call(arg) is not reversed:
        return gast.copy_location(call("list", arg), arg)
    item = lowering.fresh("item")
    loop = gast.comprehension(target=name(item, store=True), iter=arg, ifs=[], is_async=0)
    return gast.copy_location(gast.ListComp(elt=name(item), generators=[loop]), arg)


def _callee(lowering, fn):
    """The definition and source info of the user function ``fn`` (a local def, or a
    function with source); else None."""
    if isinstance(fn, LocalFunction):
        return fn.node, lowering.info
    fn = through_cache(fn)
    if not isinstance(fn, types.FunctionType) or _library_function(fn):
        return None
    try:
        return parse_function(fn, generator=True)
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
