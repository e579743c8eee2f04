"""Lists of objects of one user class made by a comprehension, in the function or in a
helper that returns one:

    layers = [Dense(W, b) for W, b in params]        # the kind ("each", Dense's kind)
    flow = build_flow(params)                         # def build_flow(ps): return [...]
    for layer in flow: h = layer.forward(h)           # Dense.forward, for every item

The class is the same for every item (the element is one call of a class, or of a
classmethod returning ``cls(...)``), so each item's methods resolve to that class's
functions whatever the list's length (:func:`~s2sgrad.normalize.kinds.common_item_kind`).
"""

from __future__ import annotations

import builtins
import types
import weakref

import gast

from ..errors import TransformError
from ..parsing import _library_function, closure_vars, parse_function
from ..syntax import walk
from .records import constructible, returned_class


def comprehension_of_objects(node):
    """The element of ``[f(p) for p in ps]``, ``tuple(f(p) for p in ps)`` or
    ``list(...)`` of one: a call, whose kind (an object's) is each item's; else None."""
    if (
        isinstance(node, gast.Call)
        and isinstance(node.func, gast.Name)
        and node.func.id in ("list", "tuple")
        and len(node.args) == 1
        and not node.keywords
    ):
        node = node.args[0]
    if isinstance(node, (gast.ListComp, gast.GeneratorExp)) and isinstance(node.elt, gast.Call):
        return node.elt
    return None


def returned_items_class(fn, trees: bool = False):
    """The class of the items of the list every ``return`` of the user function ``fn``
    makes by a comprehension (``return [Coupling(p, m) for p, m in zip(ps, masks)]``, or
    a local bound once to one and returned), each item made by a call of a class or of a
    classmethod of one (with ``trees``, also of a NamedTuple class: ``[Layer(W, b) for
    ...]``); else None."""
    if (
        not isinstance(fn, types.FunctionType)
        or _library_function(fn)
        or (fn.__module__ or "").startswith("s2sgrad.")
    ):
        return None
    if fn not in _ELEMENTS:  # its source read once; the names looked up on every call
        _ELEMENTS[fn] = _element_chains(fn)
    free = dict(fn.__globals__)
    free.update(closure_vars(fn))
    made = set()
    for chain in _ELEMENTS[fn] or [None]:
        value = free.get(chain[0], getattr(builtins, chain[0], None)) if chain else None
        for attr in chain[1:] if chain else ():
            value = getattr(value, attr, None)
        if isinstance(value, types.MethodType) and isinstance(value.__self__, type):
            value = returned_class(value.__func__, value.__self__)  # Dense.make(p)
        if not (constructible(value) or (trees and _is_namedtuple_class(value))):
            return None
        made.add(value)
    return made.pop() if len(made) == 1 else None


_ELEMENTS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _is_namedtuple_class(value) -> bool:
    return (
        isinstance(value, type)
        and issubclass(value, tuple)
        and isinstance(getattr(value, "_fields", None), tuple)
    )


def _element_chains(fn) -> tuple:
    """The name chains of the callees of the elements of the comprehensions ``fn``
    returns, each rooted at a free name of ``fn``; empty when a return is anything else."""
    try:
        node, _ = parse_function(fn)
    except TransformError:
        return ()
    own = [
        n
        for n in walk(gast.Module(body=node.body, type_ignores=[]))
        if not isinstance(n, (gast.FunctionDef, gast.Lambda))
    ]
    stored = [n.id for n in own if isinstance(n, gast.Name) and not isinstance(n.ctx, gast.Load)]
    bound = {
        n.targets[0].id: n.value
        for n in own
        if isinstance(n, gast.Assign)
        and len(n.targets) == 1
        and isinstance(n.targets[0], gast.Name)
        and stored.count(n.targets[0].id) == 1
    }
    params = {a.id for a in node.args.posonlyargs + node.args.args + node.args.kwonlyargs}
    local = set(stored) | params
    chains = []
    for r in (n for n in own if isinstance(n, gast.Return)):
        value = r.value
        if isinstance(value, gast.Name) and value.id in bound:
            value = bound[value.id]
        elt = comprehension_of_objects(value) if value is not None else None
        chain = _chain(elt.func, local) if elt is not None else None
        if chain is None:
            return ()
        chains.append(chain)
    return tuple(chains)


def _chain(node, local):
    if isinstance(node, gast.Attribute):
        base = _chain(node.value, local)
        return None if base is None else base + (node.attr,)
    if isinstance(node, gast.Name) and node.id not in local:
        return (node.id,)
    return None
