"""Rewrites of container idioms into the constructs the lowering differentiates:

    dict(zip(ks, vs))            ->  {key: value for key, value in zip(ks, vs)}
    d.copy(), xs.copy()          ->  {key: d[key] for key in d}, [key for key in xs]
    reduce(f, xs)                ->  items = list(xs); acc = items[0]; for ...: acc = f(acc, item)
    Ws, bs = zip(*layers)        ->  Ws = tuple(row[0] for row in layers); ...
    xs.insert(i, v)              ->  xs = xs[:i] + [v] + xs[i:]   (checked as in place)

and the analyses of which local names certainly hold new lists and dicts.
"""

from __future__ import annotations

import gast

from .. import anno, runtime
from ..parsing import _MISSING
from ..syntax import call, clone, const, name, substitute, walk
from .tables import _rebound, store_counts


class Rewrites:
    """Container rewrites of :class:`~s2sgrad.normalize.lowering._Lowering`."""

    def of_pairs(self, node):
        """Is ``node`` a call with one argument that is certainly an iterable of pairs (not
        a mapping): a comprehension, ``zip(a, b)``, ``enumerate(xs)`` or ``d.items()``."""
        if len(node.args) != 1 or node.keywords:
            return False
        arg = node.args[0]
        if isinstance(arg, (gast.GeneratorExp, gast.ListComp)):
            return True
        if not isinstance(arg, gast.Call) or arg.keywords:
            return False
        if isinstance(arg.func, gast.Attribute) and arg.func.attr == "items" and not arg.args:
            return self.free_value(arg.func) is _MISSING  # a local's .items()
        fn = self.free_value(arg.func)
        return (fn is zip and len(arg.args) == 2) or (fn is enumerate and len(arg.args) == 1)

    @staticmethod
    def reducible(node):
        return (
            not node.keywords
            and 2 <= len(node.args) <= 3
            and not any(isinstance(a, gast.Starred) for a in node.args)
        )

    def reduce_as_loop(self, node):
        """``functools.reduce(f, xs[, init])`` as the loop it stands for::

        items = list(xs)
        if len(items) == 0: raise TypeError(...)     # without init
        acc = items[0]                               # or init
        for item in items[1:]:                       # or items
            acc = f(acc, item)
        """
        fn, seq = node.args[:2]
        names = {k: self.fresh("reduce_" + k) for k in ("items", "acc", "item", "fn")}
        self.locals |= set(names.values())
        if isinstance(fn, gast.Lambda):
            self.assign_to(name(names["fn"], True), fn, node)
            fn = name(names["fn"])
        if len(node.args) == 3:
            text = "items = list(xs)\nacc = init\nfor item in items:\n    acc = fn(acc, item)"
        else:
            text = (
                "items = list(xs)\n"
                "if len(items) == 0:\n"
                "    raise TypeError('reduce() of empty iterable with no initial value')\n"
                "acc = items[0]\n"
                "for item in items[1:]:\n"
                "    acc = fn(acc, item)"
            )
        if isinstance(seq, gast.Call):  # reduce(f, zip(layers, acts), x): a loop over the zip
            text = text.replace("items = list(xs)", "items = [item for item in xs]")
        mapping = {k: v for k, v in names.items() if k != "fn"}
        mapping.update(xs=seq, fn=fn, init=node.args[2] if len(node.args) == 3 else None)
        for stmt in gast.parse(text).body:
            for n in walk(stmt):
                if isinstance(n, (gast.expr, gast.stmt)):
                    gast.copy_location(n, node)
            self.stmt(substitute(stmt, mapping))
        return name(names["acc"])

    def new_container(self, node):
        """The comprehension that makes the same new container as the call ``node``, or
        None: ``dict(pairs)``, and ``dict(d)``, ``d.copy()``, ``xs.copy()`` of a local that
        is certainly a dict or a list."""
        func = node.func
        if isinstance(func, gast.Name) and self.free_value(func) is dict:
            if self.of_pairs(node):
                return _pairs_as_comprehension(node)
            source = node.args[0] if len(node.args) == 1 and not node.keywords else None
        elif isinstance(func, gast.Attribute) and func.attr == "copy":
            source = func.value if not (node.args or node.keywords) else None
        else:
            return None
        if not isinstance(source, gast.Name) or source.id not in self.locals:
            return None
        if self.is_dict(source):
            return _copy_as_comprehension(node, source, dict)
        if isinstance(func, gast.Attribute) and source.id in self.list_locals:
            return _copy_as_comprehension(node, source, list)
        return None

    def is_transposition(self, value):
        """``zip(*rows)``."""
        return (
            isinstance(value, gast.Call)
            and len(value.args) == 1
            and isinstance(value.args[0], gast.Starred)
            and not value.keywords
            and self.free_value(value.func) is zip
        )

    def unzip_assign(self, target, value, stmt):
        """``Ws, bs = zip(*layers)`` as ``Ws = tuple(row[0] for row in layers)``, ... for
        rows of as many items as there are names (checked: Python needs the shortest
        row to have that many)."""
        k = len(target.elts)
        source = value.args[0].value
        shown = source.id if isinstance(source, gast.Name) else "..."
        rows = self.atom(source, "rows")
        message = f"zip(*{shown}) unpacked into {k} names needs items of {k} values each"
        check = gast.parse(
            f"if len(rows) == 0 or any(len(row) != {k} for row in rows):\n"
            f"    raise ValueError({message!r})"
        ).body[0]
        columns = [
            gast.parse(f"tuple(row[{i}] for row in rows)", mode="eval").body for i in range(k)
        ]
        renames = {"rows": rows}
        for n in walk(gast.Module(body=[check] + columns, type_ignores=[])):
            if isinstance(n, (gast.expr, gast.stmt)):
                gast.copy_location(n, stmt)
        self.stmt_If(substitute(check, renames))
        for t, column in zip(target.elts, columns):
            self.assign_to(t, substitute(column, renames), stmt)

    def check_unpacked(self, items, n, stmt):
        """``if sequence_length(items) != n: raise ValueError(...)``, as unpacking would."""
        length = self.bind(self.make_call(runtime.sequence_length, [items], [], stmt), "length")
        cond = self.bind(
            gast.Compare(left=length, ops=[gast.NotEq()], comparators=[const(n)]), "cond"
        )
        message = const(f"wrong number of values to unpack (expected {n})")
        error = gast.Raise(exc=call("ValueError", message), cause=None)
        self.emit(gast.If(test=cond, body=[gast.copy_location(error, stmt)], orelse=[]), stmt)

    def list_change(self, value, stmt) -> bool:
        """``xs.insert(i, v)``, ``xs.reverse()`` or ``xs.sort(key=k, reverse=r)`` of a
        local bound only to new lists, as a rebinding of ``xs`` (``xs = sorted(xs, key=k,
        reverse=r)``) marked as its in-place change; False for another call."""
        func = value.func
        if not (
            isinstance(func, gast.Attribute)
            and isinstance(func.value, gast.Name)
            and func.value.id in self.list_locals
            and not any(isinstance(a, gast.Starred) for a in value.args)
        ):
            return False
        target, keywords = func.value.id, {k.arg for k in value.keywords}
        if func.attr == "insert" and len(value.args) == 2 and not keywords:
            self.list_insert(target, value, stmt)
        elif func.attr == "reverse" and not value.args and not keywords:
            self.list_insert(target, None, stmt)  # xs = xs[::-1]
        elif (
            func.attr == "sort"
            and not value.args
            and keywords <= {"key", "reverse"}
            and self.info.lookup("sorted") is sorted  # not the user's own sorted
        ):
            ordered = call("sorted", name(target))
            ordered.keywords = value.keywords
            for n in walk(ordered):
                gast.copy_location(n, stmt)
            assign_in_place(self, target, ordered, stmt, "+=")
        else:
            return False
        return True

    def list_insert(self, target, node, stmt):
        """``xs.insert(i, v)`` of a local list as ``xs = xs[:i] + [v] + xs[i:]``, the same
        list for every ``i``; marked as an in-place change of ``xs`` (as ``xs += [v]``),
        so that an alias of the list is rejected. ``xs.reverse()`` (``node`` None) is
        ``xs = xs[::-1]`` alike."""

        def part(lower, upper, step=None):
            return gast.Subscript(
                value=name(target),
                slice=gast.Slice(lower=lower, upper=upper, step=step),
                ctx=gast.Load(),
            )

        if node is None:
            value = part(None, None, const(-1))
        else:
            index = self.atom(node.args[0], "index")
            item = self.atom(node.args[1], target + "_item")
            single = gast.List(elts=[item], ctx=gast.Load())
            head = gast.BinOp(left=part(None, index), op=gast.Add(), right=single)
            value = gast.BinOp(left=head, op=gast.Add(), right=part(index, None))
        for n in walk(value):
            gast.copy_location(n, stmt)
        assign_in_place(self, target, value, stmt, "+=")


def assign_in_place(lowering, target: str, value, stmt, op: str) -> None:
    """``target = value`` lowered, marked as the in-place change ``op`` of ``target`` (as
    ``xs += [v]``), so that another name for the old value is refused."""
    start = len(lowering.out)
    lowering.assign_to(name(target, True), value, stmt)
    for s in lowering.out[start:]:
        if isinstance(s, gast.Assign) and isinstance(s.targets[0], gast.Name):
            if s.targets[0].id == target:
                anno.set(s, "inplace", op)


def _pairs_as_comprehension(node):
    """``dict(pairs)`` as ``{key: value for key, value in pairs}``."""
    target = gast.Tuple(elts=[name("key", True), name("value", True)], ctx=gast.Store())
    gen = gast.comprehension(target=target, iter=node.args[0], ifs=[], is_async=0)
    comp = gast.DictComp(key=name("key"), value=name("value"), generators=[gen])
    for n in walk(comp):
        if isinstance(n, (gast.expr, gast.stmt)) and not hasattr(n, "lineno"):
            gast.copy_location(n, node)
    return gast.copy_location(comp, node)


def _copy_as_comprehension(node, source, kind):
    """A copy of the dict ``source`` as ``{key: d[key] for key in d}``, of the list as
    ``[key for key in xs]``."""
    gen = gast.comprehension(target=name("key", True), iter=clone(source), ifs=[], is_async=0)
    if kind is dict:
        item = gast.Subscript(value=name(source.id), slice=name("key"), ctx=gast.Load())
        comp = gast.DictComp(key=name("key"), value=item, generators=[gen])
    else:
        comp = gast.ListComp(elt=name("key"), generators=[gen])
    for n in walk(comp):
        if isinstance(n, (gast.expr, gast.stmt)) and not hasattr(n, "lineno"):
            gast.copy_location(n, node)
    return gast.copy_location(comp, node)


def _fixed_lists(stmts) -> dict[str, int]:
    """Local names bound once, to a list display, and never read but as a whole or by an
    index (no method call, no item or slice assignment, no del): their length is known
    while nothing they are passed to changes them (``f(*xs)`` checks it)."""
    return {n: len(v.elts) for n, v in _fixed_displays(stmts, gast.List).items()}


def _fixed_dicts(stmts) -> dict[str, tuple[tuple[str, ...], bool]]:
    """Local names bound once, to a dict display whose keys are strings or to a call
    ``dict(k=v, ...)``, and never changed as :func:`_fixed_lists` says: ``(keys, made by
    a call of the name dict)``, for ``f(x, **opts)`` (each call checks that a callee
    added no key)."""
    out = {}
    for n, v in _fixed_displays(stmts, (gast.Dict, gast.Call)).items():
        if isinstance(v, gast.Call):
            if not (isinstance(v.func, gast.Name) and v.func.id == "dict") or v.args:
                continue
            keys = [k.arg for k in v.keywords]
        else:
            keys = [k.value if isinstance(k, gast.Constant) else None for k in v.keys]
        if all(isinstance(k, str) for k in keys) and len(set(keys)) == len(keys):
            out[n] = (tuple(keys), isinstance(v, gast.Call))
    return out


def _fixed_displays(stmts, display, starred=False) -> dict:
    """``{name: display node}`` for the names :func:`_fixed_lists` describes, bound to a
    display of the class ``display`` (with a ``*seq`` item, if ``starred``)."""
    stores = store_counts(stmts)
    out = {}
    changed = set()
    module = gast.Module(body=stmts, type_ignores=[])
    for node in walk(module):
        if (
            isinstance(node, gast.Assign)
            and len(node.targets) == 1
            and isinstance(node.targets[0], gast.Name)
            and isinstance(node.value, display)
            and starred == any(isinstance(e, gast.Starred) for e in getattr(node.value, "elts", ()))
            and stores[node.targets[0].id] == 1
        ):
            out[node.targets[0].id] = node.value
        elif isinstance(node, gast.Attribute) and isinstance(node.value, gast.Name):
            changed.add(node.value.id)
        elif (
            isinstance(node, gast.Subscript)
            and isinstance(node.ctx, (gast.Store, gast.Del))
            and isinstance(node.value, gast.Name)
        ):
            changed.add(node.value.id)
        elif isinstance(node, gast.AugAssign) and isinstance(node.target, gast.Name):
            changed.add(node.target.id)
    return {n: v for n, v in out.items() if n not in changed}


def _dict_names(stmts, known=(), params=()) -> set[str]:
    """Local names bound only to dict displays, dict comprehensions, ``dict(...)``,
    ``d.copy()`` and other such names (``known``: the dict arguments; other ``params`` hold
    anything): loops over them iterate keys."""
    return _bound_only_to(stmts, (gast.Dict, gast.DictComp), "dict", set(known), params)


def _list_names(stmts, params=()) -> set[str]:
    """Local names, not ``params``, bound only to list displays, list comprehensions,
    ``list(...)``, ``xs.copy()`` of such names and other such names."""
    return _bound_only_to(stmts, (gast.List, gast.ListComp), "list", set(), params)


def _bound_only_to(stmts, displays, maker, known, params) -> set[str]:
    values: dict[str, list] = {}
    other = set()
    for node in walk(gast.Module(body=stmts, type_ignores=[])):
        if isinstance(node, (gast.Assign, gast.AnnAssign)):
            targets = node.targets if isinstance(node, gast.Assign) else [node.target]
            for t in targets:
                if isinstance(t, gast.Name) and node.value is not None:
                    values.setdefault(t.id, []).append(node.value)
                else:
                    other |= _rebound(t)
        elif isinstance(node, (gast.AugAssign, gast.For, gast.comprehension)):
            other |= _rebound(node.target)
    out = set(values) - other - (set(params) - known)
    changed = True
    while changed:
        changed = False
        for n in sorted(out):
            if not all(
                isinstance(v, displays)
                or (isinstance(v, gast.Name) and v.id in out)
                or (maker == "list" and _joined_slices(v, out))
                or (
                    isinstance(v, gast.Call)
                    and isinstance(v.func, gast.Name)
                    and v.func.id in ((maker,) if isinstance(maker, str) else maker)
                )
                or (
                    isinstance(v, gast.Call)
                    and isinstance(v.func, gast.Attribute)
                    and v.func.attr == "copy"
                    and isinstance(v.func.value, gast.Name)
                    and (v.func.value.id in out or v.func.value.id in known)
                    and not v.args
                )
                for v in values[n]
            ):
                out.discard(n)
                changed = True
    return out


def _joined_slices(value, lists) -> bool:
    """Is ``value`` slices of ``lists`` and list displays joined by ``+`` (``xs[:i] +
    xs[i + 1:]``), a new list then?"""
    if isinstance(value, gast.BinOp) and isinstance(value.op, gast.Add):
        return _joined_slices(value.left, lists) and _joined_slices(value.right, lists)
    return isinstance(value, gast.List) or (
        isinstance(value, gast.Subscript)
        and isinstance(value.slice, gast.Slice)
        and isinstance(value.value, gast.Name)
        and value.value.id in lists
    )
