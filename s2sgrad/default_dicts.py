"""``collections.defaultdict(list)`` (or ``int``, ``float``, ``lambda: 0.0``) made in a
function, read as a dict whose missing keys are filled where the program reads them,
before any analysis sees the function:

    groups = defaultdict(list)          ->   groups = {}
    for z, y in zip(Z, Y):                   for z, y in zip(Z, Y):
        groups[y].append(z)                      if y not in groups:
                                                     groups[y] = []
                                                 groups[y] = groups[y] + [z]

Reading ``d[k]`` of a missing key stores ``default()`` under it first, as defaultdict
does; an ``append`` or ``extend`` of an item is a new list stored under its key, so the
dicts are differentiated as dicts filled by item stores. Only where nothing can tell the
two apart: the dict is bound once, by that call, and every other mention of it reads it
as a dict (``d[k]``, ``k in d``, ``len(d)``, ``sorted(d)``, ``d.items()``, ``for k in
d``): never returned, passed to a function of the user's, stored or read in a nested
function, ``d.default_factory`` or ``d.copy()``. A read whose key is a pure expression
(names, numbers, ``int(y)``) is filled before the statement that holds it; one under
``and``/``or``, a conditional expression, a ``while`` test or a comprehension (unless it
loops over the dict's own keys) is left as written (an error at it, as before). Where an
item is appended to, an item read that could keep the old list (``members = d[k]``,
``for k, v in d.items()``) must come after the last ``append`` and outside its loops.

A plain dict made in the function (``{}``, ``dict()``, or a display of fresh lists) whose
lists are appended to is read the same way, its missing keys left missing:

    groups.setdefault(y, []).append(z)   ->   if y not in groups:
                                                  groups[y] = []
                                              groups[y] = groups[y] + [z]

and ``groups[y].append(z)`` as ``groups[y] = groups[y] + [z]``, where the only values the
dict's items are set to are fresh lists (``groups[y] = []``), so no other name holds one.
"""

from __future__ import annotations

import builtins
import collections

import gast

from .syntax import assign, call, clone, locate, name, stores_in, walk

_FACTORIES = {
    list: lambda: gast.List(elts=[], ctx=gast.Load()),
    int: lambda: gast.Constant(0, None),
    float: lambda: gast.Constant(0.0, None),
}
# dict methods that read it as a dict: their results are the dict's items or keys
_METHODS = {"items", "keys", "values", "get", "pop", "setdefault", "update"}
_READERS = {"len", "sorted", "list", "tuple", "set", "sum", "min", "max", "any", "all", "dict"}
_PURE_CALLS = {"int", "str", "float", "bool", "len", "abs", "round", "tuple", "min", "max"}
_KEYS_OF = {"sorted", "list", "tuple", "reversed"}
_LOOPS = (gast.For, gast.While)
_SCOPES = (gast.FunctionDef, gast.AsyncFunctionDef, gast.Lambda, gast.ClassDef)
_COMPREHENSIONS = (gast.ListComp, gast.SetComp, gast.DictComp, gast.GeneratorExp)


def _builtin(node, info, local: set, names) -> bool:
    return (
        isinstance(node, gast.Name)
        and node.id in names
        and node.id not in local
        and info.lookup(node.id) is getattr(builtins, node.id)
    )


def _is_default_dict(node, info, local: set) -> bool:
    if isinstance(node, gast.Name):
        return node.id not in local and info.lookup(node.id) is collections.defaultdict
    return (
        isinstance(node, gast.Attribute)
        and node.attr == "defaultdict"
        and isinstance(node.value, gast.Name)
        and node.value.id not in local
        and info.lookup(node.value.id) is collections
    )


def _factory(node, info, local: set):
    """A function making the default value ``node`` (the call's argument) gives, as a
    node; None for a factory this module does not read."""
    if isinstance(node, gast.Name) and node.id not in local:
        for cls, make in _FACTORIES.items():
            if node.id == cls.__name__ and info.lookup(node.id) is cls:
                return make
    if isinstance(node, gast.Lambda) and not (
        node.args.args or node.args.posonlyargs or node.args.kwonlyargs
    ):
        body = node.body
        if isinstance(body, gast.List) and not body.elts:
            return _FACTORIES[list]
        if isinstance(body, gast.Constant) and type(body.value) in (int, float):
            return lambda: gast.Constant(body.value, None)
    return None


def _parents(fn) -> dict:
    out = {}
    for n in walk(fn):
        for child in gast.iter_child_nodes(n):
            out[id(child)] = n
    return out


def _pure(node, info, local: set, made: str) -> bool:
    """Is the key ``node`` an expression whose value reading it again gives again?"""
    for n in walk(node):
        if isinstance(n, gast.Call):
            if not _builtin(n.func, info, local, _PURE_CALLS) or n.keywords:
                return False
        elif isinstance(n, gast.Name):
            if n.id == made:
                return False
        elif not isinstance(
            n,
            (
                gast.Constant,
                gast.Attribute,
                gast.Subscript,
                gast.BinOp,
                gast.UnaryOp,
                gast.Tuple,
                gast.Slice,
                gast.Compare,
                gast.BoolOp,
                gast.IfExp,
                gast.expr_context,
                gast.operator,
                gast.unaryop,
                gast.cmpop,
                gast.boolop,
            ),
        ):
            return False
    return True


def _keys_of(node, made: str, info, local: set) -> bool:
    """Does iterating ``node`` give the keys of the dict ``made`` (``d``, ``d.keys()``,
    ``sorted(d)``)?"""
    if isinstance(node, gast.Call) and len(node.args) == 1 and not node.keywords:
        if _builtin(node.func, info, local, _KEYS_OF):
            return _keys_of(node.args[0], made, info, local)
        if isinstance(node.func, gast.Attribute) and node.func.attr == "keys" and not node.args:
            return _keys_of(node.func.value, made, info, local)
        return False
    if isinstance(node, gast.Call) and isinstance(node.func, gast.Attribute):
        return (
            node.func.attr == "keys"
            and not node.args
            and _keys_of(node.func.value, made, info, local)
        )
    return isinstance(node, gast.Name) and node.id == made


class _Plan:
    """What the rewrite does for one dict: the statements each read is filled before,
    the appends to rewrite, the reads that may keep an item."""

    def __init__(self, made: str, factory, plain: bool = False):
        self.made, self.factory, self.plain = made, factory, plain
        self.fills: dict[int, list] = {}  # id(statement) -> keys to fill before it
        # id(statement) -> its d[k].append(v) call or d[k] += v statement
        self.changes: dict[int, gast.AST] = {}
        self.keeping: list = []  # statements whose reads may keep an item
        self.stores = False  # does anything put a value of its own in (d[k] = v)?


def _statement_of(node, parents):
    while not isinstance(node, gast.stmt):
        node = parents[id(node)]
    return node


def _comprehension_key(sub, parents, made, info, local) -> bool:
    """Is the read ``sub`` (under a comprehension) keyed by a target of a comprehension
    around it that loops over ``made``'s own keys?"""
    key = sub.slice
    node = sub
    while not isinstance(node, gast.stmt):
        node = parents[id(node)]
        if isinstance(node, _COMPREHENSIONS):
            for gen in node.generators:
                if (
                    isinstance(key, gast.Name)
                    and isinstance(gen.target, gast.Name)
                    and gen.target.id == key.id
                    and _keys_of(gen.iter, made, info, local)
                ):
                    return True
    return False


def _plan(fn, made: str, factory, info, local: set, parents, plain: bool = False):
    """The :class:`_Plan` of the dict ``made`` (``plain``: a dict, not a defaultdict), or
    None where some mention of it is not one this module reads."""
    plan = _Plan(made, factory, plain)
    binding = None
    for n in walk(fn):
        if not (isinstance(n, gast.Name) and n.id == made):
            continue
        parent = parents[id(n)]
        if not isinstance(n.ctx, gast.Load):
            if binding is not None or not isinstance(parent, gast.Assign):
                return None
            binding = parent
            continue
        inner = parent
        while not isinstance(inner, gast.stmt):
            if isinstance(inner, _SCOPES):
                return None  # read in a nested function or class
            inner = parents[id(inner)]
        stmt = _statement_of(n, parents)
        if isinstance(parent, gast.Subscript) and parent.value is n:
            if not _subscript(parent, stmt, plan, info, local, parents):
                return None
        elif _setdefault_change(parent, stmt, plan, info, local, parents):
            pass
        elif plan.plain and isinstance(parent, gast.Return):
            pass  # the same dict, its items rebound
        elif isinstance(parent, gast.Attribute) and parent.attr in _METHODS:
            grand = parents[id(parent)]
            if not (isinstance(grand, gast.Call) and grand.func is parent):
                return None
            if parent.attr != "keys":
                plan.keeping.append(stmt)
            plan.stores |= parent.attr in ("setdefault", "update")
        elif isinstance(parent, gast.Call) and _builtin(parent.func, info, local, _READERS):
            if any(k.value is n for k in parent.keywords):
                return None
            if parent.func.id not in ("len", "sorted", "list", "tuple", "set"):
                plan.keeping.append(stmt)
        elif isinstance(parent, gast.Compare) and any(c is n for c in parent.comparators):
            if not all(isinstance(op, (gast.In, gast.NotIn)) for op in parent.ops):
                return None
        elif isinstance(parent, (gast.For, gast.comprehension)) and parent.iter is n:
            pass
        else:
            return None
    return plan


def _fresh_list(node) -> bool:
    return isinstance(node, gast.List) and not any(isinstance(e, gast.Starred) for e in node.elts)


def _list_change(call_node, stmt, info, local) -> bool:
    """Is ``call_node`` the statement ``stmt``'s ``x.append(v)`` or ``x.extend(vs)``?"""
    return (
        isinstance(call_node, gast.Call)
        and isinstance(call_node.func, gast.Attribute)
        and call_node.func.attr in ("append", "extend")
        and len(call_node.args) == 1
        and not call_node.keywords
        and isinstance(stmt, gast.Expr)
        and stmt.value is call_node
        and (call_node.func.attr == "append" or _builtin(name("list"), info, local, {"list"}))
    )


def _empty_list(node, info, local) -> bool:
    """``[]`` or ``list()``."""
    if isinstance(node, gast.Call):
        return not node.args and not node.keywords and _builtin(node.func, info, local, {"list"})
    return isinstance(node, gast.List) and not node.elts


def _setdefault_change(attr, stmt, plan, info, local, parents) -> bool:
    """Planned ``d.setdefault(k, []).append(v)`` (``attr``: ``d.setdefault``; ``list()``
    too), read as a
    fill of ``k`` and ``d[k].append(v)``; False for any other mention."""
    if not (isinstance(attr, gast.Attribute) and attr.attr == "setdefault"):
        return False
    got = parents[id(attr)]
    if not (
        isinstance(got, gast.Call)
        and got.func is attr
        and len(got.args) == 2
        and not got.keywords
        and _empty_list(got.args[1], info, local)
        and plan.factory is _FACTORIES[list]
        and _pure(got.args[0], info, local, plan.made)
    ):
        return False
    method = parents[id(got)]
    change = parents.get(id(method))
    if not (isinstance(method, gast.Attribute) and _list_change(change, stmt, info, local)):
        return False
    key = got.args[0]
    item = gast.Subscript(value=clone(attr.value), slice=clone(key), ctx=gast.Load())
    func = gast.Attribute(value=item, attr=method.attr, ctx=gast.Load())
    plan.fills.setdefault(id(stmt), []).append(key)
    plan.changes[id(stmt)] = gast.Call(func=func, args=change.args, keywords=[])
    return True


def _plain_subscript(sub, stmt, plan, info, local, parents) -> bool:
    """``d[k]`` of a plain dict: a store of a fresh list, ``d[k].append(v)`` (a change), or
    a read that may keep the item; False where it cannot be planned."""
    parent = parents[id(sub)]
    if isinstance(parent, gast.AugAssign) and parent.target is sub:
        return False  # an item of any kind: += may extend a list or add to an array
    if isinstance(sub.ctx, gast.Store):
        fresh = isinstance(parent, gast.Assign) and len(parent.targets) == 1
        plan.stores |= not (fresh and _fresh_list(parent.value))
        return True
    if isinstance(sub.ctx, gast.Del):
        plan.stores = True
        return True
    grand = parents.get(id(parent))
    if isinstance(parent, gast.Attribute) and _list_change(grand, stmt, info, local):
        if not _pure(sub.slice, info, local, plan.made):
            return False
        plan.changes[id(stmt)] = grand
    elif not (isinstance(parent, gast.Call) and _builtin(parent.func, info, local, {"len"})):
        plan.keeping.append(stmt)
    return True


def _subscript(sub, stmt, plan, info, local, parents) -> bool:
    """Read ``d[k]`` (or stored, or changed in place): planned; False where it cannot be."""
    if plan.plain:
        return _plain_subscript(sub, stmt, plan, info, local, parents)
    parent = parents[id(sub)]
    if isinstance(parent, gast.AugAssign) and parent.target is sub:
        if not _pure(sub.slice, info, local, plan.made):
            return False
        if plan.factory is _FACTORIES[list] and not (
            isinstance(parent.op, gast.Add) and _builtin(name("list"), info, local, {"list"})
        ):
            return False
        plan.fills.setdefault(id(stmt), []).append(sub.slice)
        plan.changes[id(stmt)] = parent
        return True
    if isinstance(sub.ctx, (gast.Store, gast.Del)):
        plan.stores = True
        return True
    under = []
    node = sub
    while node is not stmt:
        node = parents[id(node)]
        under.append(node)
    if any(isinstance(u, _COMPREHENSIONS) for u in under):
        if _comprehension_key(sub, parents, plan.made, info, local):
            return True
        return False
    if any(isinstance(u, (gast.IfExp, gast.BoolOp)) for u in under):
        return False
    if isinstance(stmt, gast.While) or not _pure(sub.slice, info, local, plan.made):
        return False
    plan.fills.setdefault(id(stmt), []).append(sub.slice)
    grand = parents.get(id(parent))
    if (
        isinstance(parent, gast.Attribute)
        and parent.attr in ("append", "extend")
        and isinstance(grand, gast.Call)
        and grand.func is parent
        and len(grand.args) == 1
        and not grand.keywords
        and isinstance(stmt, gast.Expr)
        and stmt.value is grand
    ):
        if plan.factory is not _FACTORIES[list] or (
            parent.attr == "extend" and not _builtin(name("list"), info, local, {"list"})
        ):
            return False
        plan.changes[id(stmt)] = grand
    elif not (isinstance(parent, gast.Call) and _builtin(parent.func, info, local, {"len"})):
        plan.keeping.append(stmt)
    return True


def _loops_around(fn, parents, stmt) -> list:
    out, node = [], stmt
    while node is not fn:
        node = parents[id(node)]
        if isinstance(node, _LOOPS):
            out.append(node)
    return out


def _reads_items(change, made: str, info, local: set) -> bool:
    """Could the value the change ``change`` adds (``v`` of ``d[k].append(v)``, ``d[k] +=
    v``) be a list of the dict ``made`` (``d[j]``, not ``d[j][-1]``, ``np.stack(d[j])`` or
    ``len(d[j])``)?"""
    todo = [change.value] if isinstance(change, gast.AugAssign) else list(change.args)
    while todo:
        n = todo.pop()
        if isinstance(n, gast.Call) and (
            isinstance(n.func, gast.Attribute) or _builtin(n.func, info, local, _PURE_CALLS)
        ):
            continue  # np.mean(d[j]), len(d[j]): a new value
        if isinstance(n, gast.Subscript) and isinstance(n.value, gast.Subscript):
            todo += [n.slice, n.value.slice]  # d[j][-1]: an item of the list
            continue
        if isinstance(n, gast.Name) and n.id == made:
            return True
        todo.extend(gast.iter_child_nodes(n))
    return False


def _keeps_safely(fn, plan, parents, info, local) -> bool:
    """Where items are changed (``d[k].append(v)``, ``d[k] += v``: rewritten as new values
    stored under the key), could nothing have kept the old one? Nothing else puts values
    in, and the reads that may keep an item come after every change, outside its loops."""
    if not plan.changes:
        return True
    if plan.stores:
        return False
    if any(_reads_items(c, plan.made, info, local) for c in plan.changes.values()):
        return False  # d[0].append(d[1]): the list appended is held by both
    changes = [n for n in walk(fn) if id(n) in plan.changes]
    last = max(c.lineno for c in changes)
    loops = {id(loop) for c in changes for loop in _loops_around(fn, parents, c)}
    return all(
        id(s) in plan.changes
        or (s.lineno > last and not any(id(lp) in loops for lp in _loops_around(fn, parents, s)))
        for s in plan.keeping
    )


def lower_default_dicts(fn: gast.FunctionDef, info) -> gast.FunctionDef:
    """``fn`` with each ``defaultdict(...)`` it makes read as a dict, and the appends to
    lists of its plain dicts read as item stores, where that changes nothing a program
    can see (see the module docstring); ``fn`` itself otherwise."""
    nodes = list(walk(fn))
    made_default = any(
        (isinstance(n, gast.Name) and n.id == "defaultdict")
        or (isinstance(n, gast.Attribute) and n.attr == "defaultdict")
        for n in nodes
    )
    if not made_default and not any(_held_change(n) for n in nodes):
        return fn
    local = stores_in(fn) | {a.id for a in walk(fn.args) if isinstance(a, gast.Name)}
    if "dict" in local or info.lookup("dict") is not dict:
        return fn
    calls = [n for n in nodes if isinstance(n, gast.Call) and _is_default_dict(n.func, info, local)]
    if made_default and (
        not calls or len(calls) != sum(_is_default_dict(n, info, local) for n in nodes)
    ):
        return fn  # isinstance(d, defaultdict), a subclass, passed on: left as written
    work = clone(fn)
    nodes = list(walk(work))
    calls = [n for n in nodes if isinstance(n, gast.Call) and _is_default_dict(n.func, info, local)]
    parents = _parents(work)
    plans = {}
    for c in calls:
        stmt = parents[id(c)]
        if not (
            isinstance(stmt, gast.Assign)
            and stmt.value is c
            and len(stmt.targets) == 1
            and isinstance(stmt.targets[0], gast.Name)
            and len(c.args) == 1
            and not c.keywords
        ):
            return fn
        made = stmt.targets[0].id
        factory = _factory(c.args[0], info, local)
        plan = factory and _plan(work, made, factory, info, local, parents)
        if plan is None or made in plans or not _keeps_safely(work, plan, parents, info, local):
            return fn
        plans[made] = plan
        stmt.value = gast.copy_location(gast.Dict(keys=[], values=[]), c)
    for stmt in nodes:
        if _plain_dict(stmt, info, local) and stmt.targets[0].id not in plans:
            made = stmt.targets[0].id
            plan = _plan(work, made, _FACTORIES[list], info, local, parents, plain=True)
            if (
                plan is not None
                and plan.changes
                and _keeps_safely(work, plan, parents, info, local)
            ):
                plans[made] = plan
    if not plans:
        return fn
    work.body = _filled(work.body, list(plans.values()), frozenset(), info, local)
    return work


def _held_change(node) -> bool:
    """``x[k].append(...)``, ``x.setdefault(...).extend(...)``: a list held in a container
    changed by its method (the mentions a plain dict's plan starts from)."""
    return (
        isinstance(node, gast.Attribute)
        and node.attr in ("append", "extend")
        and isinstance(node.value, (gast.Subscript, gast.Call))
    )


def _plain_dict(stmt, info, local) -> bool:
    """Does ``stmt`` bind a name to a new plain dict whose items no other name holds:
    ``{}``, ``dict()`` or a display of fresh lists?"""
    if not (
        isinstance(stmt, gast.Assign)
        and len(stmt.targets) == 1
        and isinstance(stmt.targets[0], gast.Name)
    ):
        return False
    value = stmt.value
    if isinstance(value, gast.Dict):
        return all(k is not None and _fresh_list(v) for k, v in zip(value.keys, value.values))
    return (
        isinstance(value, gast.Call)
        and _builtin(value.func, info, local, {"dict"})
        and not value.args
        and not value.keywords
    )


def _filled(block: list, plans: list, present: frozenset, info, local) -> list:
    """``block`` with the fills and appends of ``plans`` written out (``present``: the
    (dict, key name) pairs an enclosing ``for k in d`` keeps present)."""
    out = []
    for stmt in block:
        for plan in plans:
            seen = set()
            for key in plan.fills.get(id(stmt), ()):
                text = gast.dump(key)
                if text in seen or (isinstance(key, gast.Name) and (plan.made, key.id) in present):
                    continue
                seen.add(text)
                missing = gast.Compare(
                    left=clone(key), ops=[gast.NotIn()], comparators=[name(plan.made)]
                )
                store = gast.Subscript(value=name(plan.made), slice=clone(key), ctx=gast.Store())
                fill = gast.If(test=missing, body=[assign(store, plan.factory())], orelse=[])
                out.append(locate(fill, stmt))
            if id(stmt) in plan.changes:
                of_lists = plan.factory is _FACTORIES[list]
                stmt = locate(_changed(plan.changes[id(stmt)], of_lists), stmt)
        inner = present
        if isinstance(stmt, gast.For) and isinstance(stmt.target, gast.Name):
            inner = present | {
                (p.made, stmt.target.id)
                for p in plans
                if _keys_of(stmt.iter, p.made, info, local)
                and stmt.target.id not in stores_in(gast.Module(body=stmt.body, type_ignores=[]))
            }
        for field in ("body", "orelse", "finalbody"):
            sub = getattr(stmt, field, None)
            if isinstance(sub, list) and sub and isinstance(sub[0], gast.stmt):
                setattr(
                    stmt,
                    field,
                    _filled(sub, plans, inner if field == "body" else present, info, local),
                )
        for handler in getattr(stmt, "handlers", None) or []:
            handler.body = _filled(handler.body, plans, present, info, local)
        out.append(stmt)
    return out


def _changed(change, of_lists: bool):
    """``d[k] = d[k] + [v]`` for ``d[k].append(v)`` (``+ list(vs)`` for ``extend``);
    ``d[k] = d[k] + v`` for ``d[k] += v`` (``+ list(v)`` where the items are lists)."""
    if isinstance(change, gast.AugAssign):
        item, op, added = change.target, change.op, change.value
        added = call("list", added) if of_lists else added
    else:
        item, op = change.func.value, gast.Add()
        (arg,) = change.args
        added = gast.List(elts=[arg], ctx=gast.Load()) if change.func.attr == "append" else None
        added = added or call("list", arg)
    read = gast.Subscript(value=clone(item.value), slice=clone(item.slice), ctx=gast.Load())
    store = gast.Subscript(value=clone(item.value), slice=clone(item.slice), ctx=gast.Store())
    return assign(store, gast.BinOp(left=read, op=op, right=added))


def lower_dict_classes(fn: gast.FunctionDef, info) -> gast.FunctionDef:
    """``OrderedDict()`` and ``defaultdict(...)`` made in ``fn`` read as dicts, where
    nothing can tell (:mod:`s2sgrad.ordered_dicts`, this module)."""
    from .ordered_dicts import lower_ordered_dicts

    return lower_default_dicts(lower_ordered_dicts(fn, info), info)
