"""``popitem``, ``clear`` and ``del`` of a list or dict a function owns, and ``pop`` of
such a dict, as the new list or dict bound to its name, for
:mod:`s2sgrad.normalize.changes`:

    del xs[i]               ->  index = range(len(xs))[i]
                                xs = xs[:index] + xs[index + 1:]
    v = cache.pop("k")      ->  v = cache["k"]
                                cache = {key: value for key, value in cache.items()
                                         if key != "k"}

The indexing and slicing they become are differentiated like any other, in every mode.
The list or dict is one only this name refers to (``check_alias``), so a new object
under the name is the same program. ``v = xs.pop(i)`` of such a list stays an in-place
change (its ``pop`` annotation): the adjoint sweep puts the item back (``xs.append(v)``),
and its adjoint on the list's adjoint, one step each, where a new list would copy it.
"""

from __future__ import annotations

import builtins
import types

import gast

from .. import anno
from ..aliasing import def_may_alias, may_alias_arguments
from ..errors import UnsupportedSyntaxError
from ..syntax import assign, call, clone, const, name, names_in, walk
from .changed import hoistable, outside, own_nodes, replace

_UNKNOWN = object()
# builtins whose result reads the container it is given later, as it is then
# builtins that read all of what they are given at once
_EAGER = frozenset({"list", "tuple", "sorted", "set", "dict", "len", "range"})
_LAZY = frozenset({"iter", "reversed", "enumerate", "zip", "map", "filter"})

# (kind, method) -> the numbers of positional arguments it takes
_REMOVING = {
    ("list", "pop"): (0, 1),
    ("list", "clear"): (0,),
    ("list", "remove"): (1,),
    ("dict", "pop"): (1, 2),
    ("dict", "popitem"): (0,),
    ("dict", "clear"): (0,),
}


class ContainerRemovals:
    """Removal lowering of :class:`~s2sgrad.normalize.changes._CallSites` (its ``kinds``,
    ``names``, ``info``, ``loops``, ``parents``, ``scope``, ``rewritten``, ``checked`` and
    ``check_alias``)."""

    def removal(self, stmt) -> list | None:
        """The statements of ``stmt`` with its removal from a local list or dict made
        explicit; None for a statement without one."""
        if isinstance(stmt, gast.Delete):
            return self.deletion(stmt)
        found = [n for n in own_nodes([stmt]) if self.removing(n)]
        if not found:
            return None
        node = found[0]
        c, method = node.func.value.id, node.func.attr
        self.owned(c, node, f"{c}.{method}()")
        if self.kinds[c] == "list" and method == "pop":
            # an in-place change, which the adjoint sweep undoes (xs.append(v))
            anno.set(node, "pop", c)
            return None
        out: list = []
        targets = stmt.targets if isinstance(stmt, gast.Assign) else []
        if isinstance(stmt, gast.Expr) and stmt.value is node:
            self.remove(node, None, out)
            return out
        if len(targets) == 1 and stmt.value is node and c not in names_in(targets[0]):
            self.remove(node, targets[0], out)
            return out
        # what runs after the removal may read the list (xs[0] = xs.pop(), return v, xs)
        later = {id(m) for t in targets for m in walk(t)} | _evaluated_after(stmt, node)
        rest = [n for n in outside(stmt, node) if id(n) not in later]
        if (
            len(found) > 1
            or not hoistable(stmt, node)
            or any(isinstance(n, gast.Name) and n.id == c for n in rest)
        ):
            # the lowering's own: xs.pop() in forward mode, an error at the call else
            return None
        popped = self.names(f"{c}_popped")
        self.remove(node, name(popped, store=True), out)
        replace(stmt, node, name(popped))
        return out + [stmt]

    def removing(self, node) -> bool:
        """Is ``node`` a call removing from a list or dict of this function's own? (Not
        ``xs.pop()`` in generated code read back: it restores a list, as forward mode
        follows it.)"""
        generated = self.info.filename.startswith("<s2sgrad ")
        if not (
            isinstance(node, gast.Call)
            and isinstance(node.func, gast.Attribute)
            and isinstance(node.func.value, gast.Name)
            and not node.keywords
            and not any(isinstance(a, gast.Starred) for a in node.args)
        ):
            return False
        key = (self.kinds.get(node.func.value.id), node.func.attr)
        if generated and key == ("list", "pop") and not node.args:
            return False
        return len(node.args) in _REMOVING.get(key, ())

    def owned(self, c: str, node, changer: str) -> None:
        """``c`` is changed here: no alias of it, and no loop of it around the change
        (a loop over a list goes on over the items a removal takes away)."""
        self.not_in_its_loop(c, node, changer)
        if c not in self.checked:
            self.checked.add(c)
            self.check_alias(c, changer)
            self.check_returned(c, changer)

    def check_returned(self, c: str, changer: str) -> None:
        """No call keeps a result that may be ``c`` itself (``ys = keep(xs)``): the new
        list or dict the removal binds to ``c`` would not be seen through it."""
        for node in own_nodes(self.fn.body):
            if not isinstance(node, gast.Call) or isinstance(self.parents.get(id(node)), gast.Expr):
                continue
            given = [*node.args, *(k.value for k in node.keywords)]
            passed = any(isinstance(a, gast.Name) and a.id == c for a in given)
            bound = isinstance(self.parents.get(id(node)), (gast.Assign, gast.NamedExpr))
            view = (  # ks = d.keys(), it = iter(xs): later reads see the change in Python
                isinstance(node.func, gast.Attribute)
                and isinstance(node.func.value, gast.Name)
                and node.func.value.id == c
                and node.func.attr in ("keys", "values", "items")
            ) or (passed and isinstance(node.func, gast.Name) and node.func.id in _LAZY)
            if (bound and view) or (
                (passed or isinstance(node.func, gast.Name))
                and self.may_return(node.func, c, passed)
            ):
                raise self.info.error(
                    node,
                    f"{c!r} is changed by {changer}, and this call may return the same "
                    "list or dict, or a view or iterator of it, which would not see the "
                    "change",
                    f"pass a copy, list({c}), or read the values from {c!r} itself",
                    UnsupportedSyntaxError,
                )

    def may_return(self, func, c: str, passed: bool) -> bool:
        """May a call of ``func`` return ``c`` (passed to it, or a variable a local
        ``def`` reads)?"""
        if isinstance(func, gast.Name) and func.id in self.rewritten:
            return False  # it returns copies of what it changes (normalize.changes)
        callee = self.scope.callee(func)
        if callee is not None and callee.changes():
            return False
        if isinstance(func, gast.Name) and func.id in self.scope.defs:
            node = self.scope.defs[func.id]
            free = {c} if c in names_in(node) else set()
            if not (passed or free):
                return False
            env = {**self.info.globals, **self.info.closure}
            return def_may_alias(gast.gast_to_ast(node), env, free)
        if not passed:
            return False
        path = []
        while isinstance(func, gast.Attribute):
            path.append(func.attr)
            func = func.value
        if not isinstance(func, gast.Name):
            return True
        value = self.info.closure.get(func.id, self.info.globals.get(func.id, _UNKNOWN))
        if value is _UNKNOWN:
            value = getattr(builtins, func.id, _UNKNOWN)
        for attr in reversed(path):
            if not isinstance(value, types.ModuleType):
                return True  # a method of an object: what it returns is not read
            value = getattr(value, attr, _UNKNOWN)
        return value is _UNKNOWN or may_alias_arguments(value)

    def remove(self, node, target, out: list) -> None:
        """Append to ``out`` the statements of the removal call ``node``, binding what it
        returns to ``target`` (a store expression; None: not read)."""
        c, method, args = node.func.value.id, node.func.attr, node.args
        kind = self.kinds[c]
        if method == "clear":
            if target is not None:
                out.append(gast.Assign(targets=[target], value=const(None), type_comment=None))
            out.append(
                assign(
                    c,
                    gast.List(elts=[], ctx=gast.Load())
                    if kind == "list"
                    else gast.Dict(keys=[], values=[]),
                )
            )
            return
        if method == "remove":
            raise self.info.error(
                node,
                f"{c}.remove(v) finds the item by comparing values, which for arrays "
                "compares them elementwise",
                f"remove it by its position: del {c}[i] or {c}.pop(i)",
                UnsupportedSyntaxError,
            )
        if kind == "list":
            self.remove_item(c, args[0] if args else const(-1), target, out)
            return
        if method == "popitem":
            key = self.names("key")
            keys = call("list", call(gast.Attribute(value=name(c), attr="keys", ctx=gast.Load())))
            out.append(assign(key, gast.Subscript(value=keys, slice=const(-1), ctx=gast.Load())))
            if target is not None:
                pair = gast.Tuple(elts=[name(key), _item(c, name(key))], ctx=gast.Load())
                out.append(gast.Assign(targets=[target], value=pair, type_comment=None))
            out.append(assign(c, self.without_key(c, name(key))))
            return
        key = self.atom(args[0], "key", out)
        default = self.atom(args[1], "default", out) if len(args) == 2 else None
        # the item is read even where nothing uses it: a missing key is a KeyError
        read = target if target is not None else name(self.names(f"{c}_removed"), store=True)
        body = [
            gast.Assign(targets=[read], value=_item(c, clone(key)), type_comment=None),
            assign(c, self.without_key(c, clone(key))),
        ]
        if default is None:
            out.extend(body)
            return
        orelse = []
        if target is not None:
            orelse.append(
                gast.Assign(targets=[clone(target)], value=clone(default), type_comment=None)
            )
        found = gast.Compare(left=clone(key), ops=[gast.In()], comparators=[name(c)])
        out.append(gast.If(test=found, body=body, orelse=orelse))

    def remove_item(self, c: str, at, target, out: list) -> None:
        """``target = c.pop(at)`` of a list ``c``."""
        if not (isinstance(at, gast.Constant) and type(at.value) is int):
            # a position from the end as one from the start (an IndexError out of range)
            length = call("range", call("len", name(c)))
            at = self.atom(gast.Subscript(value=length, slice=at, ctx=gast.Load()), "index", out)
        if target is not None:
            out.append(gast.Assign(targets=[target], value=_item(c, clone(at)), type_comment=None))
        elif isinstance(at, gast.Constant):  # read: an IndexError where it is out of range
            out.append(assign(self.names(f"{c}_removed"), _item(c, clone(at))))
        if isinstance(at, gast.Constant) and at.value == -1:
            kept = _slice(c, None, const(-1))
        else:
            after = (
                const(at.value + 1)
                if isinstance(at, gast.Constant)
                else gast.BinOp(left=clone(at), op=gast.Add(), right=const(1))
            )
            kept = gast.BinOp(
                left=_slice(c, None, clone(at)), op=gast.Add(), right=_slice(c, after, None)
            )
        out.append(assign(c, kept))

    def deletion(self, stmt: gast.Delete) -> list | None:
        """``del c[i]``, ``del c[a:b]``, ``del d[k]`` as the new list or dict."""
        if not all(
            isinstance(t, gast.Subscript)
            and isinstance(t.value, gast.Name)
            and self.kinds.get(t.value.id) is not None
            for t in stmt.targets
        ):
            return None
        out: list = []
        for t in stmt.targets:
            c = t.value.id
            self.owned(c, t, f"del {c}[...]")
            if self.kinds[c] == "dict":
                key = self.atom(t.slice, "key", out)
                out.append(assign(self.names(f"{c}_removed"), _item(c, clone(key))))
                out.append(assign(c, self.without_key(c, key)))
            elif isinstance(t.slice, gast.Slice):
                # the positions the slice takes, as a range (any step, bounds from the end)
                positions = call("range", call("len", name(c)))
                dropped = self.atom(
                    gast.Subscript(value=positions, slice=t.slice, ctx=gast.Load()), "dropped", out
                )
                j = self.names("index")
                kept = gast.comprehension(
                    target=name(j, store=True),
                    iter=clone(positions),
                    ifs=[
                        gast.Compare(left=name(j), ops=[gast.NotIn()], comparators=[clone(dropped)])
                    ],
                    is_async=0,
                )
                out.append(assign(c, gast.ListComp(elt=_item(c, name(j)), generators=[kept])))
            else:
                self.remove_item(c, t.slice, None, out)
        return out

    def without_key(self, c: str, key) -> gast.DictComp:
        """``{k: v for k, v in c.items() if k != key}``."""
        k, v = self.names("key"), self.names("value")
        loop = gast.comprehension(
            target=gast.Tuple(elts=[name(k, store=True), name(v, store=True)], ctx=gast.Store()),
            iter=call(gast.Attribute(value=name(c), attr="items", ctx=gast.Load())),
            ifs=[gast.Compare(left=name(k), ops=[gast.NotEq()], comparators=[clone(key)])],
            is_async=0,
        )
        return gast.DictComp(key=name(k), value=name(v), generators=[loop])

    def truth(self, test):
        """A while test with each list or dict of this function's own tested for being
        empty as ``len(c) > 0`` (the name itself would be a copy the loop body changes)."""
        if isinstance(test, gast.Name) and self.kinds.get(test.id) is not None:
            length = call("len", name(test.id))
            return gast.copy_location(
                gast.Compare(left=length, ops=[gast.Gt()], comparators=[const(0)]), test
            )
        if isinstance(test, gast.BoolOp):
            test.values = [self.truth(v) for v in test.values]
        elif isinstance(test, gast.UnaryOp) and isinstance(test.op, gast.Not):
            test.operand = self.truth(test.operand)
        return test

    def atom(self, node, hint: str, out: list):
        """``node`` if a name or constant, else a fresh name ``out`` binds to it."""
        if isinstance(node, (gast.Name, gast.Constant)):
            return node
        fresh = self.names(hint)
        out.append(assign(fresh, node))
        return name(fresh)


def _item(c: str, key) -> gast.Subscript:
    return gast.Subscript(value=name(c), slice=key, ctx=gast.Load())


def _slice(c: str, lower, upper) -> gast.Subscript:
    return gast.Subscript(
        value=name(c), slice=gast.Slice(lower=lower, upper=upper, step=None), ctx=gast.Load()
    )


def _read_in(c: str, expr) -> bool:
    """Does the iterable ``expr`` of a loop still read ``c`` as it goes? Not where a call
    takes all of it at once (``list(d.items())``, ``range(len(xs))``, ``sorted(xs)``) or
    a slice or ``copy()`` copies it."""
    copied = set()
    for n in walk(expr):
        parts = []
        if isinstance(n, gast.Call) and isinstance(n.func, gast.Name) and n.func.id in _EAGER:
            parts = n.args
        elif isinstance(n, gast.Subscript) and isinstance(n.slice, gast.Slice):
            parts = [n.value]
        elif isinstance(n, gast.Call) and isinstance(n.func, gast.Attribute):
            parts = [n.func.value] if n.func.attr == "copy" and not n.args else []
        copied |= {id(m) for p in parts for m in walk(p)}
    return any(isinstance(n, gast.Name) and n.id == c and id(n) not in copied for n in walk(expr))


def _evaluated_after(tree, node) -> set:
    """The ids of the nodes of ``tree`` that Python evaluates after ``node``: the later
    items of a tuple, list or call that holds it, and what follows it in those."""
    out: set = set()
    for parent in walk(tree):
        if isinstance(parent, (gast.Tuple, gast.List)):
            parts = parent.elts
        elif isinstance(parent, gast.Call):
            parts = parent.args + [k.value for k in parent.keywords]
        else:
            continue
        holding = [i for i, p in enumerate(parts) if any(m is node for m in walk(p))]
        if holding:
            out |= {id(m) for p in parts[holding[0] + 1 :] for m in walk(p)}
    return out
