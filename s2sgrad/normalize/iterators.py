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
import inspect
import itertools
import types

import gast

from ..errors import UnsupportedSyntaxError
from ..parsing import parse_function
from ..syntax import walk
from .iterator_calls import LISTED
from .tables import store_counts

# builtins that read all of an iterable at once
_READERS = frozenset(
    {"all", "any", "dict", "frozenset", "list", "max", "min", "set", "sorted", "sum", "tuple"}
)
_WRAPPERS = frozenset({"enumerate", "zip"})  # read their arguments as they are read
_COMPREHENSIONS = (gast.ListComp, gast.SetComp, gast.GeneratorExp, gast.DictComp)
_SCOPES = (gast.FunctionDef, gast.AsyncFunctionDef, gast.Lambda)

HINT = (
    "bind the list of its items (list(map(...))) to the name: a list can be read any "
    "number of times"
)


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


class Uses:
    """Where each node of a function body is (its parent, its loops) and where each name
    is read and how often stored: what :func:`check_read_once` asks."""

    def __init__(self, body, info):
        self.info = info
        self.stores = store_counts(body)
        places = _Places()
        self.module = gast.Module(body=body, type_ignores=[])
        places.visit_node(self.module, None, ())
        self.parent, self.loops = places.parent, places.loops
        self.loads: dict = {}
        self.calls: dict = {}  # the span of a call -> the call (a method call is remade)
        for node in walk(self.module):
            if isinstance(node, gast.Name) and isinstance(node.ctx, gast.Load):
                self.loads.setdefault(node.id, []).append(node)
            elif isinstance(node, gast.Call):
                self.calls.setdefault(_span(node), node)

    def original(self, node, fn_name: str):
        """The call of the body ``node`` is, or was made from: the same place, or the one
        call of ``fn_name`` within the construct it took its place from (the iterator of
        a generator expression); else None."""
        if id(node) in self.parent:
            return node
        if _span(node) in self.calls:
            return self.calls[_span(node)]
        inside = [
            c
            for c in self.calls.values()
            if _called_name(c) == fn_name and _within(_span(c), _span(node))
        ]
        return inside[0] if len(inside) == 1 else None

    def builtin(self, name: str) -> bool:
        """Is ``name`` the builtin of that name here (no local, global or closure)?"""
        return name not in self.stores and self.info.lookup(name) is getattr(builtins, name)


def _span(node):
    return tuple(
        getattr(node, a, None) for a in ("lineno", "col_offset", "end_lineno", "end_col_offset")
    )


def _within(inner, outer) -> bool:
    if None in inner or None in outer:
        return False
    return outer[:2] <= inner[:2] and inner[2:] <= outer[2:]


def _called_name(call):
    f = call.func
    return f.id if isinstance(f, gast.Name) else f.attr if isinstance(f, gast.Attribute) else None


def check_maps(body, info) -> None:
    """An error where a ``map(...)`` of ``body`` may be read more than once."""
    uses = Uses(body, info)
    check_listed(uses)
    if "map" not in uses.loads or not uses.builtin("map"):
        return  # looked up only where named: a lookup is a check on every call
    for node in walk(uses.module):
        if (
            isinstance(node, gast.Call)
            and isinstance(node.func, gast.Name)
            and node.func.id == "map"
            and len(node.args) >= 2
        ):
            check_read_once(node, uses, "a map")


_LISTED_NAMES = frozenset(c.__name__ for c in LISTED)


def check_listed(uses) -> None:
    """An error where an iterator that the lowering lists (normalize.iterator_calls:
    ``combinations(xs, 2)``, ``filter(f, xs)``) may be read more than once."""
    for node in walk(uses.module):
        if not isinstance(node, gast.Call):
            continue
        f, fn = node.func, None
        if isinstance(f, gast.Name) and f.id in _LISTED_NAMES and f.id not in uses.stores:
            fn = uses.info.lookup(f.id)
        elif (
            isinstance(f, gast.Attribute)
            and f.attr in _LISTED_NAMES | {"from_iterable"}
            and isinstance(f.value, gast.Name)
            and f.value.id not in uses.stores
        ):
            fn = getattr(uses.info.lookup(f.value.id), f.attr, None)
            if getattr(fn, "__self__", None) is itertools.chain:
                fn = itertools.chain  # chain.from_iterable
        if any(fn is c for c in LISTED):
            check_read_once(node, uses, f"a {fn.__name__} iterator")


def _read_once(node, uses, at_once: bool = False) -> bool:
    """Is ``node`` read by something that reads it once, at once? With ``at_once``: read
    whole by a builtin, a ``*`` or an unpacking, before what follows (not by a loop)."""
    parent = uses.parent.get(id(node))
    if isinstance(parent, gast.Starred):
        return True
    if isinstance(parent, gast.Call) and node in parent.args and isinstance(parent.func, gast.Name):
        fn = parent.func.id
        if fn in _READERS and uses.builtin(fn):
            return True
        return fn in _WRAPPERS and uses.builtin(fn) and _read_once(parent, uses, at_once)
    if not at_once and isinstance(parent, (gast.For, gast.AsyncFor, gast.comprehension)):
        return parent.iter is node
    return (
        isinstance(parent, gast.Assign)
        and parent.value is node
        and (at_once or len(parent.targets) == 1)
        and isinstance(parent.targets[0], (gast.Tuple, gast.List))
    )


def lazy_reads(comp) -> tuple[frozenset, frozenset]:
    """The names a comprehension read item by item (a generator expression or a map that
    a for loop reads) reads: all of them (a change in place of one is seen by the items
    still to come), and those it reads at each item (not its first iterable, read where it
    is made), whose rebinding the items to come see too."""
    own = {n.id for g in comp.generators for n in walk(g.target) if isinstance(n, gast.Name)}
    first = comp.generators[0].iter
    later = [comp.elt, *comp.generators[0].ifs]
    for g in comp.generators[1:]:
        later += [g.iter, *g.ifs]

    def loads(nodes):
        return {
            n.id
            for e in nodes
            for n in walk(e)
            if isinstance(n, gast.Name) and isinstance(n.ctx, gast.Load)
        } - own

    return frozenset(loads([first] + later)), frozenset(loads(later))


def check_read_once(node, uses, what: str) -> None:
    """An error where the iterator that ``node`` makes (``what``: "a map") may be read
    more than once: by what reads ``node``, or through the name it is bound to."""
    if _read_once(node, uses):
        return
    info = uses.info
    parent = uses.parent.get(id(node))
    bound = (
        isinstance(parent, gast.Assign)
        and parent.value is node
        and len(parent.targets) == 1
        and isinstance(parent.targets[0], gast.Name)
    )
    if not bound:
        raise info.error(
            node,
            f"this call makes {what}, an iterator consumed by its first reading, and here "
            "it may be read more than once (passed on, returned or kept)",
            HINT,
            cls=UnsupportedSyntaxError,
        )
    var = parent.targets[0].id
    reads = uses.loads.get(var, [])
    holds = f"'{var}' holds {what} (an iterator, consumed by its first reading)"
    if uses.stores.get(var, 0) > 1 and reads:
        raise info.error(
            reads[0],
            f"{holds} and is bound more than once, so s2sgrad cannot tell which reading "
            "consumes it",
            HINT,
            cls=UnsupportedSyntaxError,
        )
    for k, read in enumerate(reads):
        if k > 0:
            why = "read again here: its first reading consumed it"
        elif uses.loops[id(read)] != uses.loops[id(parent)]:
            why = "read here in a loop (or a function) the binding is not in"
        elif not _read_once(read, uses):
            why = "read here by something that may read it more than once"
        else:
            continue
        raise info.error(read, f"{holds} and is {why}", HINT, cls=UnsupportedSyntaxError)


def check_generator_read(lowering, node, fn) -> bool:
    """An error where the generator the call ``node`` of the generator function ``fn``
    makes may be read more than once (the lowering reads the list of its items); else
    whether its items are read one by one (a loop, a comprehension, a name read so), as
    NumPy runs the generator, not at once (``sum(gen(x))``, ``a, b = gen(x)``)."""
    what = f"a generator of {fn.__name__}()"
    check_generator_ends(*parse_function(fn, generator=True))  # listed before it is read
    uses = lowering.uses
    if (lowering.info.filename or "").startswith("<s2sgrad "):
        return False  # s2sgrad's own code (a derivative differentiated again) means the list
    original = uses.original(node, fn.__name__) if uses is not None else None
    if original is not None:
        check_read_once(original, uses, what)
        return not _read_once(original, uses, at_once=True)
    raise lowering.info.error(
        node,
        f"this call makes {what}, an iterator consumed by its first reading, where "
        "s2sgrad cannot see how it is read",
        "call the generator function where its items are read at once: "
        "sum(gen(x)), list(gen(x)) or for v in gen(x)",
        cls=UnsupportedSyntaxError,
    )


def _exits(loop) -> bool:
    """Does a ``break`` of ``loop`` itself, or any ``return``, occur in its body (not in
    a nested def; a break of a nested loop ends only that one)?"""
    todo = list(loop.body)
    while todo:
        n = todo.pop()
        if isinstance(n, (gast.Return, gast.Break)):
            return True
        if isinstance(n, (gast.FunctionDef, gast.AsyncFunctionDef, gast.Lambda, gast.ClassDef)):
            continue
        if isinstance(n, (gast.For, gast.While)):  # only a return leaves through it
            todo.extend(m for m in walk(n) if isinstance(m, gast.Return))
            continue
        todo.extend(gast.iter_child_nodes(n))
    return False


def _endless_loop(fn):
    """The ``while True:`` with no ``break`` or ``return`` of the generator helper ``fn``
    (its definition), or None."""
    for n in walk(gast.Module(body=fn.body, type_ignores=[])):
        if (
            isinstance(n, gast.While)
            and isinstance(n.test, gast.Constant)
            and n.test.value
            and not _exits(n)
        ):
            return n
    return None


def check_generator_ends(fn, info) -> None:
    """An error at a ``while True:`` with no ``break`` or ``return`` in the generator
    helper ``fn``: its list of items (``generator_as_list``) is made before any is read,
    so an endless generator (``while True: yield t; t *= decay``) would never end."""
    n = _endless_loop(fn)
    if n is not None:
        raise info.error(
            n,
            f"{fn.name}() is an endless generator (this loop has no break or return): "
            "s2sgrad makes the list of what a generator helper yields before its items "
            "are read",
            "give the generator a bound (a parameter n and for _ in range(n)), zip it with "
            "a sequence of the length needed (zip(range(n), gen())), or compute the values "
            "in the loop that reads them",
            UnsupportedSyntaxError,
        )


def endless_generator(lowering, node):
    """The module-level generator function (one closing over nothing) that the call
    ``node`` of plain arguments calls, where it loops ``while True:`` without an exit;
    else None. Its items are taken up to a bound (``zip(range(n), gen())``: normalize.loops)
    by running it as written, which validate allows only where no argument is
    differentiated."""
    if not isinstance(node, gast.Call) or any(isinstance(a, gast.Starred) for a in node.args):
        return None
    fn = lowering.resolve_call(node)
    if (
        not isinstance(fn, types.FunctionType)
        or not fn.__code__.co_flags & inspect.CO_GENERATOR
        or fn.__closure__
        or any(k.arg is None for k in node.keywords)
    ):
        return None
    return fn if _endless_loop(parse_function(fn, generator=True)[0]) is not None else None
