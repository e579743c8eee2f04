"""Lowering of calls that build or read objects s2sgrad knows: frozen SciPy
distributions (see :mod:`s2sgrad.distributions`) and NamedTuple or dataclass trees.

    rv = norm(mu, s)           rv_loc = mu
    y = rv.logpdf(x)     ->    rv_scale = s
                               y = scipy.stats.norm.logpdf(x, rv_loc, rv_scale)

    q = p._replace(b=v)  ->    q = tree_replace(p, ('b',), v)
"""

from __future__ import annotations

import dataclasses

import gast

from .. import distributions, runtime
from ..parsing import _MISSING, remembered
from ..syntax import assign, clone, const, iter_child_nodes, name, walk
from .tables import _INACTIVE_ATTRS, _tree_init_fields


class Objects:
    """Frozen-distribution and tree call methods of
    :class:`~s2sgrad.normalize.lowering._Lowering`."""

    # -- frozen SciPy distributions (see s2sgrad/distributions.py) --------------------------

    def frozen_distributions(self, body) -> None:
        """``rv = norm(mu, s)`` bound once, whose every use is a method with a rule
        (``rv.logpdf(x)``), becomes ``rv_loc = mu; rv_scale = s`` and
        ``norm.logpdf(x, rv_loc, rv_scale)`` (in place, before lowering)."""
        module = gast.Module(body=body, type_ignores=[])
        stores: dict[str, list] = {}
        loads: dict[str, list] = {}
        parents = {}
        for node in walk(module):
            for child in iter_child_nodes(node):
                parents[child] = node
            if isinstance(node, gast.Name):
                (stores if isinstance(node.ctx, gast.Store) else loads).setdefault(
                    node.id, []
                ).append(node)
        for var, targets in stores.items():
            assign_ = parents.get(targets[0])
            if (
                len(targets) != 1
                or not isinstance(assign_, gast.Assign)
                or assign_.targets != [targets[0]]
                or not isinstance(assign_.value, gast.Call)
            ):
                continue
            ctor = assign_.value
            dist = self.free_value(ctor.func)
            if (
                not distributions.is_distribution(dist)
                or any(isinstance(a, gast.Starred) for a in ctor.args)
                or any(k.arg is None for k in ctor.keywords)
            ):
                continue
            uses = []
            for use in loads.get(var, []):
                attr = parents.get(use)
                call_ = parents.get(attr)
                if not (
                    isinstance(attr, gast.Attribute)
                    and isinstance(call_, gast.Call)
                    and call_.func is attr
                    and distributions.ruled_method(dist, attr.attr)
                ):
                    break
                uses.append(call_)
            else:
                if uses:
                    self._freeze(body, assign_, var, ctor, uses)

    def _freeze(self, body, assign_, var, ctor, uses) -> None:
        dist = self.free_value(ctor.func)
        names = distributions.parameter_names(dist, len(ctor.args))
        temps = []
        for n, a in zip(names, ctor.args):
            temps.append((self.fresh(f"{var}_{n}"), a))
        kw = [
            (k.arg, self.fresh(f"{var}_{k.arg}"), k.value) for k in ctor.keywords if k.arg != "seed"
        ]  # the seed only changes draws (rvs), not densities
        stmts = [gast.copy_location(assign(t, v), assign_) for t, v in temps] + [
            gast.copy_location(assign(t, v), assign_) for _, t, v in kw
        ]
        for holder in walk(gast.Module(body=body, type_ignores=[])):
            for fname, value in gast.iter_fields(holder):
                if isinstance(value, list) and assign_ in value:
                    i = value.index(assign_)
                    value[i : i + 1] = stmts or [gast.copy_location(gast.Pass(), assign_)]
        for c in uses:
            method = c.func.attr
            c.func = gast.copy_location(
                gast.Attribute(value=clone(ctor.func), attr=method, ctx=gast.Load()), c.func
            )
            c.args = c.args + [name(t) for t, _ in temps]
            c.keywords = c.keywords + [gast.keyword(arg=k, value=name(t)) for k, t, _ in kw]

    def frozen_call(self, node, hint):
        """``norm(mu, s).logpdf(x)`` and ``prior.logpdf(x)`` of a frozen object made outside
        the function: the distribution's method with the stored arguments; None for any
        other call."""
        func = node.func
        if not isinstance(func, gast.Attribute):
            return None
        if isinstance(func.value, gast.Call):
            ctor = func.value
            dist = self.free_value(ctor.func)
            if (
                not distributions.is_distribution(dist)
                or not distributions.ruled_method(dist, func.attr)
                or any(isinstance(a, gast.Starred) for a in ctor.args)
                or any(k.arg is None for k in ctor.keywords)
            ):
                return None
            keywords = [k for k in ctor.keywords if k.arg != "seed"]
            return self.make_call(
                getattr(dist, func.attr),
                node.args + ctor.args,
                node.keywords + keywords,
                node,
                hint,
            )
        given = self.classes.get(func.value.id) if isinstance(func.value, gast.Name) else None
        if isinstance(given, distributions.FrozenParts):  # an argument: its kind says how
            if not distributions.ruled_method(given.dist, func.attr):
                return None
            return self._frozen_method(given.dist, given.positional, given.keywords, node, hint)
        target = self.free_value(func)
        obj = getattr(target, "__self__", None)
        parts = distributions.frozen_parts(obj)
        if parts is None or not distributions.ruled_method(parts[0], func.attr):
            return None
        dist, positional, keywords = parts
        chain, sub = [], func.value
        while isinstance(sub, gast.Attribute):
            chain.append(sub.attr)
            sub = sub.value
        if not isinstance(sub, gast.Name):
            return None
        path = [sub.id] + chain[::-1]
        current = self.free_value(sub)
        for i in range(len(path)):  # the stored arguments are read from this very object
            current = current if i == 0 else getattr(current, path[i])
            self.info.resolved[tuple(path[: i + 1])] = remembered(current)
        return self._frozen_method(dist, positional, keywords, node, hint)

    def _frozen_method(self, dist, positional, keywords, node, hint):
        """``dist.<method>(x, *stored)`` for ``obj.<method>(x)`` of a frozen object ``obj``
        whose stored arguments are read as ``positional`` and ``keywords`` say."""
        func = node.func

        def read(how):
            where, key = how
            if where == "attr":
                return gast.Attribute(value=clone(func.value), attr=key, ctx=gast.Load())
            return gast.Subscript(
                value=gast.Attribute(value=clone(func.value), attr=where, ctx=gast.Load()),
                slice=const(key),
                ctx=gast.Load(),
            )

        stored = [read(h) for h in positional]
        named = [gast.keyword(arg=k, value=read(h)) for k, h in keywords]
        for n in stored + [k.value for k in named]:
            for m in walk(n):
                gast.copy_location(m, node)
        return self.make_call(
            getattr(dist, func.attr), node.args + stored, node.keywords + named, node, hint
        )

    # -- NamedTuple and dataclass trees -------------------------------------------------------

    def tree_call(self, target, node, hint):
        """``Params(w, b=v)`` of a NamedTuple or dataclass class, ``p._replace(b=v)`` and
        ``dataclasses.replace(p, b=v)``: calls of ``runtime.tree_node``/``tree_replace``,
        whose rules differentiate the fields given; None for any other call."""
        if (
            any(isinstance(a, gast.Starred) for a in node.args)
            or any(k.arg is None for k in node.keywords)
            or {"tree_node", "tree_replace"} & self.locals
        ):  # a local of that name would hide the helper
            return None
        names = tuple(k.arg for k in node.keywords)
        values = [k.value for k in node.keywords]
        if (
            isinstance(node.func, gast.Attribute)
            and node.func.attr == "_replace"
            and not node.args
            and node.keywords
            and (target is _MISSING or isinstance(getattr(target, "__self__", None), tuple))
        ):
            return self.make_call(
                runtime.tree_replace, [node.func.value, const(names)] + values, [], node, hint
            )
        if target is dataclasses.replace and len(node.args) == 1 and node.keywords:
            return self.make_call(
                runtime.tree_replace, [node.args[0], const(names)] + values, [], node, hint
            )
        fields = _tree_init_fields(target)
        if fields is None or len(node.args) > len(fields) or set(fields) & _INACTIVE_ATTRS:
            return None  # a field named like a shape query (x.size) would not be a field
        names = tuple(fields[: len(node.args)]) + names
        if len(set(names)) != len(names) or not set(names) <= set(fields):
            return None
        return self.make_call(
            runtime.tree_node,
            [clone(node.func), const(names)] + list(node.args) + values,
            [],
            node,
            hint,
        )
