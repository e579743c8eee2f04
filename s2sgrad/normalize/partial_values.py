"""``functools.partial`` objects made in the differentiated function and used as values:
kept in a list and called from it, or passed to a user function.

A list of partials of one function (a comprehension or a display) holds only their
bound arguments, evaluated where each partial is made (as Python does); each call of an
item is the call of the function with them in front (the call's own keywords win):

    fs = [partial(layer, w=w) for w in ws]    ->   fs = [(w,) for w in ws]
    for f in fs:                                   for f in fs:
        h = f(h)                                       h = layer(h, w=f[0])

A partial passed to a user function, binding constants or module-level names only, is
the lambda ``lambda *args, **kwargs: g(a, *args, k=v, **kwargs)`` (its callee calls it
as any local function passed to it):

    apply(partial(scaled, a=1.5), x)      ->   apply(lambda *args, **kwargs:
                                                     scaled(*args, a=1.5, **kwargs), x)

Any other use keeps the partial, refused where it is made.
"""

from __future__ import annotations

import functools

import gast

from ..parsing import _MISSING
from ..syntax import clone, const, name, names_in, walk
from .tables import _signature


def _partial(lowering, node):
    """``node`` if it is a ``partial(f, a, k=v)`` display (no ``*``/``**``), else None."""
    if (
        isinstance(node, gast.Call)
        and node.args
        and not any(isinstance(a, gast.Starred) for a in node.args)
        and all(k.arg is not None for k in node.keywords)
        and lowering.free_value(node.func) is functools.partial
    ):
        return node
    return None


def rewrite_partial_values(lowering, body) -> None:
    """Rewrite ``body`` in place as the module docstring says."""
    for n, (value, made, func, n_args, keys) in _partial_lists(lowering, body).items():
        if not _only_called(body, n):
            continue  # the partials stay, refused where they are made
        if func is None:  # partials of several functions: each item's index first
            made = list(made)  # the display's items, replaced below
            for i, m in enumerate(made):
                bound = [const(i)] + m.args[1:] + [k.value for k in m.keywords]
                value.elts[i] = gast.copy_location(gast.Tuple(elts=bound, ctx=gast.Load()), m)
            _Items(n, None, 0, (), {}, made).visit(gast.Module(body=body, type_ignores=[]))
            continue
        bound = [m.args[1:] + [k.value for k in m.keywords] for m in made]
        # an argument every item binds to the same constant or module name (act=np.tanh)
        # is written in the call, not held in the list
        same = {
            i: bound[0][i]
            for i in range(len(bound[0]))
            if isinstance(value, gast.List)
            and _Passed(lowering).fixed(bound[0][i])
            and all(gast.dump(b[i]) == gast.dump(bound[0][i]) for b in bound)
        }
        for m, items in zip(made, bound):  # each item: its other bound arguments
            kept = [v for i, v in enumerate(items) if i not in same]
            tup = gast.copy_location(gast.Tuple(elts=kept, ctx=gast.Load()), m)
            if isinstance(value, gast.ListComp):
                value.elt = tup
            else:
                value.elts[value.elts.index(m)] = tup
        _Items(n, func, n_args, keys, same).visit(gast.Module(body=body, type_ignores=[]))
    _Passed(lowering).visit(gast.Module(body=body, type_ignores=[]))


def _partial_lists(lowering, body) -> dict:
    """``name -> (the list, its partials, their function, number of bound positional
    arguments, bound keywords)`` for each name bound once to a list of partials of one
    function."""
    out = {}
    for s in walk(gast.Module(body=body, type_ignores=[])):
        if not (
            isinstance(s, gast.Assign)
            and len(s.targets) == 1
            and isinstance(s.targets[0], gast.Name)
            and lowering.stores.get(s.targets[0].id) == 1
        ):
            continue
        v = s.value
        if isinstance(v, gast.ListComp) and _partial(lowering, v.elt) is not None:
            made = [v.elt]
            bound = set().union(*(names_in(g.target) for g in v.generators))
        elif isinstance(v, gast.List) and v.elts and all(_partial(lowering, e) for e in v.elts):
            made, bound = v.elts, set()
        else:
            continue
        first = made[0]
        shape = (gast.dump(first.args[0]), len(first.args) - 1, [k.arg for k in first.keywords])
        if names_in(first.args[0]) & bound:
            continue
        if any(
            (gast.dump(m.args[0]), len(m.args) - 1, [k.arg for k in m.keywords]) != shape
            for m in made
        ):  # [partial(rbf, ls=a), partial(periodic, p=b)]: several functions (a display)
            if isinstance(v, gast.List):
                out[s.targets[0].id] = (v, made, None, 0, ())
            continue
        out[s.targets[0].id] = (v, made, first.args[0], shape[1], shape[2])
    return out


def _only_called(body, n) -> bool:
    """Is the list ``n`` only iterated by ``for f in n`` whose ``f`` is only called (and
    not used anywhere else), or indexed and called (``n[i](x)``)?"""
    module = gast.Module(body=body, type_ignores=[])
    allowed = set()
    for s in walk(module):
        if isinstance(s, gast.For) and isinstance(s.iter, gast.Name) and s.iter.id == n:
            if not isinstance(s.target, gast.Name):
                return False
            allowed.add(id(s.iter))
            f = s.target.id
            calls = {
                id(c.func)
                for c in walk(gast.Module(body=s.body, type_ignores=[]))
                if isinstance(c, gast.Call)
            }
            uses = [u for u in walk(module) if isinstance(u, gast.Name) and u.id == f]
            if any(u is not s.target and id(u) not in calls for u in uses):
                return False
        elif isinstance(s, (gast.ListComp, gast.GeneratorExp)) and any(
            isinstance(g.iter, gast.Name) and g.iter.id == n for g in s.generators
        ):  # sum(k(x, x) for k in kernels): only called in the comprehension
            for g in s.generators:
                if not (isinstance(g.iter, gast.Name) and g.iter.id == n):
                    continue
                if not isinstance(g.target, gast.Name):
                    return False
                allowed.add(id(g.iter))
                f = g.target.id
                calls = {id(c.func) for c in walk(s) if isinstance(c, gast.Call)}
                uses = [u for u in walk(module) if isinstance(u, gast.Name) and u.id == f]
                if any(u is not g.target and id(u) not in calls for u in uses):
                    return False
        elif (
            isinstance(s, gast.Call)
            and isinstance(s.func, gast.Subscript)
            and isinstance(s.func.value, gast.Name)
            and s.func.value.id == n
        ):
            allowed.add(id(s.func.value))
    for use in walk(module):
        if (
            isinstance(use, gast.Name)
            and use.id == n
            and isinstance(use.ctx, gast.Load)
            and id(use) not in allowed
        ):
            return False
    return True


class _Items(gast.NodeTransformer):
    """The calls of the items of the partial list ``n`` as calls of ``func``."""

    def __init__(self, n, func, n_args, keys, same, made=()):
        self.n, self.func, self.n_args, self.keys = n, func, n_args, keys
        self.same = same  # bound argument index -> the expression every item binds
        self.made = made  # partials of several functions (func None): each item's own
        self.items: set = set()  # the loop variables holding an item

    def visit_For(self, node):
        if isinstance(node.iter, gast.Name) and node.iter.id == self.n:
            self.items.add(node.target.id)
        self.generic_visit(node)
        return node

    def visit_ListComp(self, node):
        for g in node.generators:
            if isinstance(g.iter, gast.Name) and g.iter.id == self.n:
                self.items.add(g.target.id)
        self.generic_visit(node)
        return node

    visit_GeneratorExp = visit_ListComp

    def mixed(self, item, node):
        """The call of the item ``item`` of partials of several functions: one call per
        function, chosen by the item's index (its first part)."""
        out = None
        for i in reversed(range(len(self.made))):
            m = self.made[i]
            parts = [
                gast.Subscript(value=clone(item), slice=const(j + 1), ctx=gast.Load())
                for j in range(len(m.args) - 1 + len(m.keywords))
            ]
            n_args = len(m.args) - 1
            named = {k.arg for k in node.keywords}
            keywords = [
                gast.keyword(arg=k.arg, value=p)
                for k, p in zip(m.keywords, parts[n_args:])
                if k.arg not in named
            ]
            made = gast.Call(
                func=clone(m.args[0]),
                args=parts[:n_args] + [clone(a) for a in node.args],
                keywords=keywords + [clone(k) for k in node.keywords],
            )
            if out is None:
                out = made
                continue
            test = gast.Compare(
                left=gast.Subscript(value=clone(item), slice=const(0), ctx=gast.Load()),
                ops=[gast.Eq()],
                comparators=[const(i)],
            )
            out = gast.IfExp(test=test, body=made, orelse=out)
        for n in walk(out):
            if isinstance(n, (gast.expr, gast.keyword)):
                gast.copy_location(n, node)
        return out

    def visit_Call(self, node):
        self.generic_visit(node)
        func = node.func
        if isinstance(func, gast.Name) and func.id in self.items:
            item = name(func.id)
        elif (
            isinstance(func, gast.Subscript)
            and isinstance(func.value, gast.Name)
            and func.value.id == self.n
        ):
            item = func
        else:
            return node
        if self.func is None:
            return self.mixed(item, node)
        parts, j = [], 0
        for i in range(self.n_args + len(self.keys)):
            if i in self.same:
                parts.append(clone(self.same[i]))
            else:
                parts.append(gast.Subscript(value=clone(item), slice=const(j), ctx=gast.Load()))
                j += 1
        named = {k.arg for k in node.keywords}
        keywords = [
            gast.keyword(arg=k, value=p)
            for k, p in zip(self.keys, parts[self.n_args :])
            if k not in named
        ]
        out = gast.Call(
            func=clone(self.func),
            args=parts[: self.n_args] + node.args,
            keywords=keywords + node.keywords,
        )
        for n in walk(out):
            if isinstance(n, (gast.expr, gast.keyword)):
                gast.copy_location(n, node)
        return out


class _Passed(gast.NodeTransformer):
    """A partial display passed to a user function, binding constants or module-level
    names only, as the lambda that calls its function."""

    def __init__(self, lowering):
        self.lowering = lowering

    def visit_Call(self, node):
        self.generic_visit(node)
        if _signature(self.lowering.free_value(node.func)) is None:
            return node  # map, reduce, partial (normalize.partials), NumPy: as they are
        node.args = [self.lifted(a) for a in node.args]
        for k in node.keywords:
            k.value = self.lifted(k.value)
        return node

    def lifted(self, a):
        p = _partial(self.lowering, a)
        if p is None or not all(self.fixed(v) for v in p.args + [k.value for k in p.keywords]):
            return a
        star = gast.Starred(value=name("args"), ctx=gast.Load())
        body = gast.Call(
            func=clone(p.args[0]),
            args=[clone(v) for v in p.args[1:]] + [star],
            keywords=[gast.keyword(arg=k.arg, value=clone(k.value)) for k in p.keywords]
            + [gast.keyword(arg=None, value=name("kwargs"))],
        )
        params = gast.arguments(
            args=[],
            posonlyargs=[],
            vararg=gast.Name(id="args", ctx=gast.Param(), annotation=None, type_comment=None),
            kwonlyargs=[],
            kw_defaults=[],
            kwarg=gast.Name(id="kwargs", ctx=gast.Param(), annotation=None, type_comment=None),
            defaults=[],
        )
        out = gast.Lambda(args=params, body=body)
        for n in walk(out):
            if isinstance(n, (gast.expr, gast.keyword)):
                gast.copy_location(n, a)
        return out

    def fixed(self, v) -> bool:
        """A constant, or a name of the module (not of this function)."""
        return isinstance(v, gast.Constant) or (
            isinstance(v, (gast.Name, gast.Attribute))
            and self.lowering.free_value(v) is not _MISSING
        )
