"""Lowering of loops: ``for`` over arrays, ``enumerate``, ``zip``, ``reversed``,
dicts become loops over ``range``; local function definitions.

    for v in xs:    ->    for i in range(len(xs)):
                              v = xs[i]
"""

from __future__ import annotations

import itertools
import operator

import gast

from .. import anno, runtime
from ..errors import UnsupportedSyntaxError
from ..parsing import _MISSING
from ..syntax import assign, clone, const, name, names_in, walk
from .branch_functions import loop_functions
from .changed_items import begin as changed_items_begin
from .changed_items import end as changed_items_end
from .changed_items import put_back, unroll_changing
from .endless import endless_items
from .iterators import endless_generator
from .loop_items import positional_items
from .sets import is_set
from .sibling_frees import lift_sibling_frees
from .tables import LocalFunction, _assigned_names, _builtin_call, _hint, _is_user_class


class Loops:
    """Loop lowering methods of :class:`~s2sgrad.normalize.lowering._Lowering`."""

    loop_rebound: frozenset = frozenset()  # names the loop being lowered rebinds

    def stmt_For(self, node):
        if self.unroll_functions(node):
            return
        loop = self.object_loop(node)
        if loop is not None:  # for layer in [Dense(W), Tanh()]: one body per item
            unroll_changing(self, node, loop)
            return
        if (
            isinstance(node.iter, gast.Name)
            and self.range_like(node.iter) == "iterator"
            and any(
                isinstance(n, gast.Break)
                for n in walk(gast.Module(body=node.body, type_ignores=[]))
            )
        ):
            raise self.info.error(
                node.iter,
                f"a for loop with a break over {node.iter.id!r}, which may hold an iterator: "
                "s2sgrad takes all its numbers before the loop, and a break would leave "
                "some in the iterator",
                f"make it a list first ({node.iter.id} = list(...)), or loop over the call itself",
                UnsupportedSyntaxError,
            )
        item_kinds = self.loop_item_kinds(node)
        copies = changed_items_begin(self, node, node.body, item_kinds)
        item_kinds = [(i, k) for i, _, k in item_kinds]
        # Python evaluates the iterable once: where the body (or the target) rebinds a name
        # the items are read from, they are read from the value it had before the loop
        self.loop_rebound = _assigned_names(node.body) | {
            n.id for n in walk(node.target) if isinstance(n, gast.Name)
        }
        try:
            start, stop, step, items = self.loop_source(node.iter)
        finally:
            self.loop_rebound = frozenset()
        index_name = (
            node.target.id
            if (isinstance(node.target, gast.Name) and items is None)
            else self.fresh("index")
        )
        range_name = self.fresh(index_name + "_range")
        self.emit(assign(range_name, _builtin_call(range, start, stop, step)), node)
        body_prefix = []
        if items is not None:
            for item, kind in item_kinds:  # for layer in layers: objects of one kind
                self.classes[item] = kind[1]
                self.object_kinds[item] = kind
            saved, self.out = self.out, []
            self.bind_target(node.target, items(name(index_name)), node)
            body_prefix, self.out = self.out, saved
            _mark_item_reads(body_prefix, dict(item_kinds))
        loop_functions(self, node.body, node)  # f(x); f = lambda ...: the iteration before's
        body = body_prefix + self.block(node.body)
        body += [put_back(copies, item, name(index_name)) for item in copies]
        loop = gast.For(
            target=name(index_name, store=True),
            iter=name(range_name),
            body=body or [gast.Pass()],
            orelse=[],
            type_comment=None,
        )
        if anno.get(node, "copy_loop", False):
            anno.set(loop, "copy_loop", True)
        self.emit(loop, node)
        changed_items_end(self, node, copies)

    def unroll_functions(self, node) -> bool:
        """``for f in (np.tanh, relu): h = f(h)``: a loop over a display of functions known
        here is its body once per function, each call of ``f`` differentiated as that
        function. False (nothing emitted) for any other loop."""
        it, target = node.iter, node.target
        if (
            not (
                isinstance(it, (gast.Tuple, gast.List))
                and it.elts
                and isinstance(target, gast.Name)
            )
            or target.id in _assigned_names(node.body)
            or any(
                isinstance(n, (gast.Break, gast.Continue, gast.Return, gast.Starred))
                for n in walk(gast.Module(body=node.body + [gast.Expr(value=it)], type_ignores=[]))
            )
        ):
            return False
        elts = [self.function_argument(e) if isinstance(e, gast.Lambda) else e for e in it.elts]
        values = [self.function_value(e, node) for e in elts]
        if any(v is _MISSING for v in values):
            return False
        saved = self.known_functions.get(target.id, _MISSING)
        for e, value in zip(elts, values):
            self.emit(assign(target.id, clone(e)), node)
            self.known_functions[target.id] = value
            self.out.extend(self.block(clone(node.body)))
            self.current = node
        if saved is _MISSING:
            del self.known_functions[target.id]  # after the loop: not known
        else:
            self.known_functions[target.id] = saved
        return True

    def loop_source(self, it):
        """``(start, stop, step, items)`` for a for loop over ``it``; ``items(k)`` builds
        the expression of element ``k`` (None for a plain range)."""
        for part in [it] + (list(it.args) if isinstance(it, gast.Call) else []):
            if isinstance(part, gast.GeneratorExp):
                anno.set(part, "consumed", True)  # a loop consumes what it iterates, in order
            if isinstance(part, (gast.GeneratorExp, gast.Call)):
                anno.set(part, "lazy_loop", True)  # ... one item at a time (a map too)
        fn = self.resolve_call(it) if isinstance(it, gast.Call) else None
        if fn is range:
            args = [self.atom(a, "bound") for a in it.args]
            if it.keywords or not 1 <= len(args) <= 3:
                raise self.info.error(it, "range() takes 1 to 3 positional arguments")
            if len(args) == 1:
                return const(0), args[0], const(1), None
            return args[0], args[1], args[2] if len(args) == 3 else const(1), None
        start, step = const(0), const(1)
        if fn is enumerate:
            n, elem = self.sequence(it.args[0])
            first = _counter_arguments(self, it, ("iterable", "start"), 1)[0]
            return (
                start,
                n,
                step,
                lambda k: gast.Tuple(elts=[_plus(k, first), elem(k)], ctx=gast.Load()),
            )
        if fn is zip:
            return _zip_source(self, it, start, step)
        if fn is reversed:
            n, elem = self.sequence(it.args[0])
            last = self.atom(gast.BinOp(left=n, op=gast.Sub(), right=const(1)), "last")
            return last, const(-1), const(-1), elem
        n, elem = self.sequence(it)
        return start, n, step, elem

    def sequence(self, node):
        """``(length_atom, element(k))`` for something iterated by position."""
        self.check_iterated(node)  # for v in obj: its __iter__ (normalize.protocols)
        fn = self.resolve_call(node) if isinstance(node, gast.Call) else None
        if fn is range:
            args = [self.atom(a, "bound") for a in node.args]
            rng = self.atom(_builtin_call(range, *args), "seq")
            n = self.atom(_builtin_call(len, rng), "length")
            return n, lambda k: gast.Subscript(value=rng, slice=k, ctx=gast.Load())
        if fn in (enumerate, zip, reversed):
            start, stop, step, items = self.loop_source(node)
            rng = self.atom(_builtin_call(range, start, stop, step), "seq")
            n = self.atom(_builtin_call(len, rng), "length")
            return n, lambda k: items(gast.Subscript(value=rng, slice=k, ctx=gast.Load()))
        view = None
        if (
            isinstance(node, gast.Call)
            and isinstance(node.func, gast.Attribute)
            and node.func.attr in ("items", "keys", "values")
            and (
                self.free_value(node.func) is _MISSING
                or _dict_view(self.free_value(node.func), node.func.attr)
            )
            and not _is_user_class(self.operand_class(node.func.value))  # obj.items()
        ):
            if node.args or node.keywords:
                raise self.info.error(node, f".{node.func.attr}() takes no arguments")
            view, node = node.func.attr, node.func.value
        elif (
            fn is sorted
            and len(node.args) == 1
            and self.by_key(node)
            and isinstance(node.args[0], gast.Call)
            and isinstance(node.args[0].func, gast.Attribute)
            and node.args[0].func.attr in ("items", "keys")
            and not node.args[0].args
        ):
            # sorted(d.items()), sorted(d.items(), key=itemgetter(0)): the keys decide the
            # order (they are unique)
            obj = _iterated(self, self.atom(node.args[0].func.value, "items"))
            keys = _builtin_call(sorted, obj)
            keys.keywords = [
                gast.keyword(arg="reverse", value=self.atom(k.value, "reverse"))
                for k in node.keywords
                if k.arg == "reverse"
            ]
            anno.set(keys, "dict_keys", True)
            keys = self.atom(keys, "keys")
            return _dict_items(self, obj, keys, node.args[0].func.attr)
        if view is not None or self.is_dict(node):
            obj = _iterated(self, self.atom(node, "items"))
            keys = self.fresh(_hint(obj) + "_keys" if isinstance(obj, gast.Name) else "keys")
            self.emit(
                assign(keys, self.make_call(runtime.dict_keys, [obj], [], node)), self.current
            )
            return _dict_items(self, obj, name(keys), view or "keys")
        if (
            (isinstance(node, gast.Name) and self.range_like(node))
            or any(fn is c for c in _COMBINATORIC)
            or is_set(self, node)  # for i in {0, 2}: its items in Python's order
        ):
            # order = reversed(range(n)) if backwards else range(n); for t in order: the
            # numbers it yields, as the loop would take them (no derivative in them); for
            # i, j in itertools.combinations(range(n), 2): its items, made once, in order
            node = gast.copy_location(_builtin_call(list, node), node)
        seq = _iterated(self, self.atom(node, "seq"))
        seq = positional_items(self, node, seq)  # for k in self.shapes: a dict's keys
        n = self.fresh(_hint(seq) + "_length" if isinstance(seq, gast.Name) else "length")
        self.emit(assign(n, self.make_call(runtime.sequence_length, [seq], [], node)), self.current)
        n = name(n)
        return n, lambda k: gast.Subscript(value=seq, slice=k, ctx=gast.Load())

    def range_like(self, node, seen=()):
        """``"range"`` for a ``range(...)``, ``"iterator"`` for ``reversed(...)`` of one, for
        a conditional expression choosing between them or a local bound only to such values
        the one that can be an iterator; else None."""
        if isinstance(node, gast.IfExp):
            both = {self.range_like(node.body, seen), self.range_like(node.orelse, seen)}
            return None if None in both else _may_iterate(both)
        if isinstance(node, gast.Call) and not node.keywords:
            fn = self.resolve_call(node)
            if fn is range:
                return "range"
            if fn is reversed and len(node.args) == 1 and self.range_like(node.args[0], seen):
                return "iterator"
            return None
        if isinstance(node, gast.Name) and node.id in self.single_defs and node.id not in seen:
            found = {self.range_like(v, seen + (node.id,)) for v in self.single_defs[node.id]}
            return None if None in found or not found else _may_iterate(found)
        return None

    def by_key(self, node) -> bool:
        """Does ``sorted(d.items(), ...)`` order by the keys: no ``key=``, or
        ``key=operator.itemgetter(0)`` or ``key=lambda kv: kv[0]`` (``reverse=`` too)?"""
        for k in node.keywords:
            if k.arg == "reverse":
                continue
            if k.arg != "key":
                return False
            v = k.value
            if (
                isinstance(v, gast.Call)
                and self.resolve_call(v) is operator.itemgetter
                and len(v.args) == 1
                and not v.keywords
                and _is_zero(v.args[0])
            ):
                continue
            if (
                isinstance(v, gast.Lambda)
                and len(v.args.args) == 1
                and not (v.args.vararg or v.args.kwarg or v.args.kwonlyargs)
                and isinstance(v.body, gast.Subscript)
                and isinstance(v.body.value, gast.Name)
                and v.body.value.id == v.args.args[0].id
                and _is_zero(v.body.slice)
            ):
                continue
            return False
        return True

    def is_dict(self, node) -> bool:
        """Is ``node`` certainly a dict: a local bound only to dict displays and dict
        comprehensions, or a global or closure variable holding a dict now?"""
        if isinstance(node, (gast.Dict, gast.DictComp)):
            return True
        if not isinstance(node, gast.Name):
            return False
        if node.id not in self.locals:
            return isinstance(self.free_value(node), dict)
        return node.id in self.dicts

    def stmt_FunctionDef(self, node):
        free = sorted(
            (
                names_in(node)
                - _assigned_names(node.body)
                - {a.id for a in walk(node.args) if isinstance(a, gast.Name)}
            )
            & self.locals
        )
        self.local_functions[node.name] = LocalFunction(node, free, self.info)
        self.branch_functions.pop(node.name, None)
        lift_sibling_frees(self.local_functions)  # step() reading x, called by unroll()
        self.emit(clone(node), node)


def _is_zero(node) -> bool:
    return isinstance(node, gast.Constant) and type(node.value) is int and node.value == 0


def _may_iterate(found: set) -> str:
    """``"iterator"`` if one of the ``range_like`` answers ``found`` is, else ``"range"``."""
    return "iterator" if "iterator" in found else "range"


# iterators a for loop may run over by position once their items are listed
_COMBINATORIC = (
    itertools.combinations,
    itertools.combinations_with_replacement,
    itertools.permutations,
    itertools.product,
)


def _dict_view(method, attr: str) -> bool:
    """Is ``method`` the bound ``.items``/``.keys``/``.values`` of a dict that does not
    change it (``KS.items()`` of a global or closure dict: its keys are read when the
    loop runs)?"""
    owner = getattr(method, "__self__", None)
    return isinstance(owner, dict) and getattr(type(owner), attr) is getattr(dict, attr)


def _mark_item_reads(stmts, item_kinds: dict) -> None:
    """Annotate the read ``seq[i]`` of each loop item whose object kind is known
    (``item_kinds``; ``layer = seq[i]``, or ``layer_item = seq[i]; layer = layer_item``),
    so that the activity analysis, and the callees of its methods, know the item's class
    too (a list made by a comprehension of objects: ``super()`` in their methods)."""
    values = {
        stmt.targets[0].id: stmt.value
        for stmt in stmts
        if isinstance(stmt, gast.Assign) and isinstance(stmt.targets[0], gast.Name)
    }
    for item, kind in item_kinds.items():
        value, seen = values.get(item), {item}
        while isinstance(value, gast.Name) and value.id not in seen:
            seen.add(value.id)
            value = values.get(value.id)
        if isinstance(value, gast.Subscript):
            anno.set(value, "item_kind", kind)


def _iterated(lowering, seq):
    """``seq``, the atom a loop reads its items from inside the body (for
    :meth:`Loops.sequence`); a fresh name bound to it before the loop where the body
    rebinds it (``for v in y: y = y * v`` reads the items of the first ``y``)."""
    if not (isinstance(seq, gast.Name) and seq.id in lowering.loop_rebound):
        return seq
    fresh = lowering.fresh(seq.id + "_iterated")
    lowering.emit(assign(fresh, name(seq.id)), lowering.current)
    return name(fresh)


def _dict_items(lowering, obj, keys, view):
    """``(length, element(k))`` for a loop over ``keys`` of the dict ``obj`` (for
    :meth:`Loops.sequence`)."""
    n = lowering.atom(_builtin_call(len, keys), "length")

    def key(k):
        return gast.Subscript(value=keys, slice=k, ctx=gast.Load())

    def value(k):
        return gast.Subscript(value=obj, slice=key(k), ctx=gast.Load())

    if view == "keys":
        return n, key
    if view == "values":
        return n, value
    return n, lambda k: gast.Tuple(elts=[key(k), value(k)], ctx=gast.Load())


def _plus(k, offset):
    """``k + offset`` (``k`` where the offset is None)."""
    return k if offset is None else gast.BinOp(left=k, op=gast.Add(), right=offset)


def _zip_source(lowering, it, start, step):
    """:meth:`Loops.loop_source` of ``zip(...)`` (``it``): ``zip(*pairs)`` with its items
    spelled out, or listed where their number is known only when it runs; an endless
    generator zipped with sequences taken as far as they go."""
    if any(isinstance(a, gast.Starred) for a in it.args):
        it = lowering.call_starred(it)  # zip(*pairs): the items spelled out
    if any(isinstance(a, gast.Starred) for a in it.args):
        # zip(*rows) of rows counted only when it runs: its tuples, listed
        n, elem = lowering.sequence(lowering.atom(_builtin_call(list, it), "rows"))
        return start, n, step, elem
    # zip(range(n), gen()) of an endless generator: its items up to the others'
    endless = [endless_generator(lowering, a) for a in it.args]
    parts = [None if e else _counted(lowering, a) for a, e in zip(it.args, endless)]
    sized = [p for p in parts if p is not None and p[0] is not None]
    if not sized and any(endless):  # nothing bounds it: the endless generator's error
        lowering.sequence(next(a for a, e in zip(it.args, endless) if e))
    if not sized:
        raise lowering.info.error(
            it,
            "a zip of itertools.count() only never ends",
            "zip the counter with the sequence it numbers",
            UnsupportedSyntaxError,
        )
    n = (
        lowering.atom(_builtin_call(min, *[p[0] for p in sized]), "length")
        if len(sized) > 1
        else sized[0][0]
    )
    parts = [
        p if e is None else lowering.sequence(endless_items(lowering, a, n, e))
        for p, a, e in zip(parts, it.args, endless)
    ]
    return (
        start,
        n,
        step,
        lambda k: gast.Tuple(elts=[p[1](k) for p in parts], ctx=gast.Load()),
    )


def _counted(lowering, node):
    """:meth:`Loops.sequence` of a part of a zip, where ``itertools.count(start, step)`` is a
    counter without a length: ``(None, element(k))`` with element ``start + step * k``."""
    if not (isinstance(node, gast.Call) and lowering.resolve_call(node) is itertools.count):
        return lowering.sequence(node)
    first, step = _counter_arguments(lowering, node, ("start", "step"), 0)
    if step is not None:
        return None, lambda k: _plus(gast.BinOp(left=step, op=gast.Mult(), right=k), first)
    return None, lambda k: _plus(k, first)


def _counter_arguments(lowering, call, params, skip):
    """The atoms of the arguments ``params[skip:]`` of ``enumerate(xs, start)`` or
    ``itertools.count(start, step)``, each evaluated once before the loop (None where
    the call leaves one out)."""
    if any(isinstance(a, gast.Starred) for a in call.args) or any(
        k.arg is None for k in call.keywords
    ):
        raise lowering.info.error(
            call,
            f"{'enumerate' if skip else 'itertools.count'} with * or ** arguments",
            "pass the start (and step) as plain arguments",
            UnsupportedSyntaxError,
        )
    given = dict(zip(params, call.args))
    for k in call.keywords:
        given[k.arg] = k.value
    if set(given) - set(params) or len(call.args) > len(params):
        raise lowering.info.error(call, f"this call takes the arguments {', '.join(params)}")
    out = []
    for p in params[skip:]:
        value = given.get(p)
        out.append(None if value is None else lowering.atom(value, p))
    return out
