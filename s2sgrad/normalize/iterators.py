"""``map(...)`` objects read once, as the list the lowering makes of them requires.

    m = map(f, xs)           m = map(f, xs)
    s = sum(m)               s = sum(m)
                             t = sum(m)      # an error: Python's second reading is empty

A map is an iterator: its first reading consumes it.  The lowering makes the list of its
items (:meth:`~s2sgrad.normalize.calls.BuiltinCalls.map_as_list`), which every reading
sees whole, so a map is allowed only where it is read once: as the argument of a builtin
that reads all of it (``sum``, ``list``...), the sequence of a ``for`` loop or a
comprehension, an unpacking, or bound to a name read once in such a place, in the same
loop as the binding.  Anywhere else (read twice, in a loop, passed to a function,
returned) it is an error at the user's line.
"""

from __future__ import annotations

import builtins

import gast

from ..errors import UnsupportedSyntaxError
from .tables import store_counts

# builtins that read all of an iterable at once
_READERS = frozenset(
    {"all", "any", "dict", "frozenset", "list", "max", "min", "set", "sorted", "sum", "tuple"}
)
_WRAPPERS = frozenset({"enumerate", "zip"})  # read their arguments as they are read
_COMPREHENSIONS = (gast.ListComp, gast.SetComp, gast.GeneratorExp, gast.DictComp)
_SCOPES = (gast.FunctionDef, gast.AsyncFunctionDef, gast.Lambda)

HINT = "bind list(map(...)) to the name, which can be read any number of times"


class _Places(gast.NodeVisitor):
    """The parent of each node and the loops each node runs in (a nested function or
    lambda counts as one: it may run any number of times)."""

    def __init__(self):
        self.parent: dict = {}
        self.loops: dict = {}

    def visit_node(self, node, parent, loops):
        self.parent[id(node)] = parent
        self.loops[id(node)] = loops
        inner = loops + (id(node),)
        for field, value in gast.iter_fields(node):
            for child in value if isinstance(value, list) else [value]:
                if not isinstance(child, gast.AST):
                    continue
                self.visit_node(child, node, inner if _repeats(node, field, child) else loops)


def _repeats(node, field: str, child) -> bool:
    """Does ``child`` (in ``node``'s ``field``) run once per step of a loop ``node``?"""
    if isinstance(node, (gast.For, gast.AsyncFor)):
        return field == "body"
    if isinstance(node, gast.While):
        return field in ("test", "body")
    if isinstance(node, _COMPREHENSIONS):
        return not (field == "generators" and child is node.generators[0])
    if isinstance(node, gast.comprehension):
        return field != "iter"  # its target and ifs run per item
    return isinstance(node, _SCOPES)


def check_maps(body, info) -> None:
    """An error where a ``map(...)`` of ``body`` may be read more than once."""
    if info.lookup("map") is not builtins.map:
        return
    stores = store_counts(body)
    if "map" in stores:
        return  # a local named map: not the builtin
    places = _Places()
    module = gast.Module(body=body, type_ignores=[])
    places.visit_node(module, None, ())
    loads: dict = {}
    for node in gast.walk(module):
        if isinstance(node, gast.Name) and isinstance(node.ctx, gast.Load):
            loads.setdefault(node.id, []).append(node)
    for node in gast.walk(module):
        if (
            isinstance(node, gast.Call)
            and isinstance(node.func, gast.Name)
            and node.func.id == "map"
            and len(node.args) >= 2
        ):
            _check_map(node, places, loads, stores, info)


def _read_once(node, places, stores) -> bool:
    """Is ``node`` read by something that reads it once, at once?"""
    parent = places.parent.get(id(node))
    if isinstance(parent, gast.Starred):
        return True
    if isinstance(parent, gast.Call) and node in parent.args and isinstance(parent.func, gast.Name):
        fn = parent.func.id
        if fn in stores:
            return False  # a local function of that name
        if fn in _READERS:
            return True
        if fn in _WRAPPERS:
            return _read_once(parent, places, stores)
        return False
    if isinstance(parent, (gast.For, gast.AsyncFor)) and parent.iter is node:
        return True
    if isinstance(parent, gast.comprehension) and parent.iter is node:
        return True
    return (
        isinstance(parent, gast.Assign)
        and parent.value is node
        and len(parent.targets) == 1
        and isinstance(parent.targets[0], (gast.Tuple, gast.List))
    )


def _check_map(node, places, loads, stores, info) -> None:
    if _read_once(node, places, stores):
        return
    parent = places.parent.get(id(node))
    bound = (
        isinstance(parent, gast.Assign)
        and parent.value is node
        and len(parent.targets) == 1
        and isinstance(parent.targets[0], gast.Name)
    )
    if not bound:
        raise info.error(
            node,
            "map(...) is an iterator, consumed by its first reading, and here it may be "
            "read more than once (passed on, returned or kept)",
            HINT,
            cls=UnsupportedSyntaxError,
        )
    var = parent.targets[0].id
    reads = loads.get(var, [])
    if stores.get(var, 0) > 1 and reads:
        raise info.error(
            reads[0],
            f"'{var}' holds a map (an iterator, consumed by its first reading) and is "
            "bound more than once, so s2sgrad cannot tell which reading consumes it",
            HINT,
            cls=UnsupportedSyntaxError,
        )
    for k, read in enumerate(reads):
        if k > 0:
            why = "read again here: its first reading consumed it"
        elif places.loops[id(read)] != places.loops[id(parent)]:
            why = "read here in a loop (or a function) the binding is not in"
        elif not _read_once(read, places, stores):
            why = "read here by something that may read it more than once"
        else:
            continue
        raise info.error(
            read,
            f"'{var}' holds a map (an iterator, consumed by its first reading) and is {why}",
            HINT,
            cls=UnsupportedSyntaxError,
        )
