"""Changes of a list held in a local list or dict, as new lists stored under its key:

    trace["h"].append(h)       ->   trace["h"] = trace["h"] + [h]
    v = rows[i % 2].pop(0)     ->   rows_key = i % 2
                                    rows_index = range(len(rows[rows_key]))[0]
                                    v = rows[rows_key][rows_index]
                                    rows[rows_key] = (rows[rows_key][:rows_index]
                                                      + rows[rows_key][rows_index + 1:])

Item reads, slices, concatenation and item stores are differentiated like any others,
in every mode. A new list under the key is the same program only where nothing else
refers to the inner list, so the rewrite is made only for an outer container that the
function builds from displays of lists (``[[], []]``, ``{"h": [], "c": []}``,
``[[] for _ in range(n)]``), whose every other read indexes an item further
(``rows[0][1]``), hands it to a NumPy function or to ``len``, ``list``, ``tuple``,
``sum``, ``sorted``, ``max`` or ``min``, iterates over it, returns it or reads the
container's keys; where the call's arguments do not read the container. Elsewhere the
call stays as written (and is an error at it, as before).
"""

from __future__ import annotations

import builtins

import gast

from ..syntax import (
    assign,
    call,
    clone,
    const,
    iter_child_nodes,
    locate,
    name,
    names_in,
    rewrite_blocks,
    stores_in,
    walk,
)

# list methods -> the numbers of positional arguments the rewrite takes
_METHODS = {"append": (1,), "extend": (1,), "insert": (2,), "pop": (0, 1), "clear": (0,)}
_READERS = {len, list, tuple, sum, sorted, max, min}
# the builtins the rewrite calls, and those it reads, by name
_WRAPPERS = ("list", "range", "len", "sorted", "tuple")


def lower_item_changes(fn: gast.FunctionDef, fresh, info) -> None:
    """Rewrite, in ``fn``'s own body, each change of a list held in a local list or dict
    that :func:`_owned_items` admits; ``fresh`` makes new names."""
    if any(n in stores_in(fn) or n in info.closure or n in info.globals for n in _WRAPPERS):
        return
    sites = {}
    for stmt in _own_statements(fn.body):
        site = _site(stmt)
        if site is not None:
            sites.setdefault(site[0], []).append(stmt)
    owned = {c for c, found in sites.items() if _owned_items(fn, c, found, info)}
    if not owned:
        return

    def each(stmt):
        site = _site(stmt)
        if site is None or site[0] not in owned:
            return [stmt]
        return [locate(s, stmt) for s in _rewrite(stmt, *site, fresh)]

    fn.body = rewrite_blocks(fn.body, each, enter_defs=False)


def _own_statements(stmts):
    for stmt in stmts:
        if isinstance(stmt, (gast.FunctionDef, gast.AsyncFunctionDef, gast.ClassDef)):
            continue
        yield stmt
        for field in ("body", "orelse", "finalbody"):
            block = getattr(stmt, field, None)
            if isinstance(block, list) and block and isinstance(block[0], gast.stmt):
                yield from _own_statements(block)
        for handler in getattr(stmt, "handlers", None) or []:
            yield from _own_statements(handler.body)


def _site(stmt):
    """``(c, key, method, call, target)`` for ``c[key].method(...)`` as a statement, or as
    the value of ``v = ...`` (target ``v``); None for anything else."""
    target = None
    if isinstance(stmt, gast.Expr):
        node = stmt.value
    elif (
        isinstance(stmt, gast.Assign)
        and len(stmt.targets) == 1
        and isinstance(stmt.targets[0], gast.Name)
    ):
        node, target = stmt.value, stmt.targets[0]
    else:
        return None
    if not (
        isinstance(node, gast.Call)
        and isinstance(node.func, gast.Attribute)
        and len(node.args) in _METHODS.get(node.func.attr, ())
        and not node.keywords
        and not any(isinstance(a, gast.Starred) for a in node.args)
    ):
        return None
    item = node.func.value
    if not (
        isinstance(item, gast.Subscript)
        and isinstance(item.value, gast.Name)
        and not isinstance(item.slice, (gast.Slice, gast.Tuple))
    ):
        return None
    c = item.value.id
    if target is not None and (node.func.attr != "pop" or target.id == c):
        return None
    if c in names_in(item.slice) or any(c in names_in(a) for a in node.args):
        return None
    return c, item.slice, node.func.attr, node, target


def _fresh_list(node) -> bool:
    return isinstance(node, (gast.List, gast.ListComp))


def _new_list(node) -> bool:
    """A value that is a new list: a display, a comprehension, a concatenation."""
    return _fresh_list(node) or (isinstance(node, gast.BinOp) and isinstance(node.op, gast.Add))


def _fresh_outer(node) -> bool:
    """A list or dict display (or comprehension) whose items are list displays."""
    if isinstance(node, gast.List):
        return all(_fresh_list(e) for e in node.elts)
    if isinstance(node, gast.Dict):
        return all(k is not None for k in node.keys) and all(_fresh_list(v) for v in node.values)
    if isinstance(node, gast.ListComp):
        return _fresh_list(node.elt)
    if isinstance(node, gast.DictComp):
        return _fresh_list(node.value)
    return False


def _owned_items(fn, c: str, sites: list, info) -> bool:
    """Does only ``c`` refer to the lists it holds, in ``fn`` (see the module's
    docstring)? ``sites``: the statements changing one of them."""
    args = fn.args
    params = [a for a in args.posonlyargs + args.args + args.kwonlyargs + [args.vararg, args.kwarg]]
    if any(p is not None and p.id == c for p in params):
        return False
    parents = {}
    for node in walk(fn):
        for child in iter_child_nodes(node):
            parents[id(child)] = node
    site_calls = {id(s.value) for s in sites}
    stores = [
        n
        for n in walk(fn)
        if isinstance(n, gast.Name) and n.id == c and isinstance(n.ctx, gast.Store)
    ]
    is_dict = all(
        isinstance(parents[id(n)].value, (gast.Dict, gast.DictComp))
        for n in stores
        if isinstance(parents[id(n)], gast.Assign)
    )
    changing = {id(n) for s in sites for n in walk(s)}
    for node in walk(fn):
        if isinstance(node, (gast.Global, gast.Nonlocal)) and c in node.names:
            return False
        if not (isinstance(node, gast.Name) and node.id == c):
            continue
        if _inside_def(node, parents, fn):
            return False
        parent = parents[id(node)]
        if isinstance(node.ctx, gast.Store):
            if not (
                isinstance(parent, gast.Assign)
                and parent.targets == [node]
                and _fresh_outer(parent.value)
            ):
                return False
        elif isinstance(node.ctx, gast.Del):
            return False
        elif isinstance(parent, gast.Subscript) and parent.value is node:
            if not _item_use(parent, parents, site_calls, changing, info):
                return False
        elif isinstance(parent, gast.comprehension) and parent.iter is node and not is_dict:
            if not _read_items(parent, parents, info):
                return False
        elif not _container_use(node, parent, is_dict):
            return False
    return True


def _read_items(loop, parents, info) -> bool:
    """Does the comprehension ``loop`` over the container's lists only read them
    (``sum(np.sum(b) for b in rows)``: each target name indexed or handed to a reader)?
    No statement runs inside it, so no change can be seen through a name it binds."""
    if not isinstance(loop.target, gast.Name):
        return False
    reads = [
        n
        for n in walk(parents[id(loop)])
        if isinstance(n, gast.Name) and n.id == loop.target.id and n is not loop.target
    ]
    for n in reads:
        use = parents[id(n)]
        if isinstance(use, gast.Subscript) and use.value is n:
            continue
        if not (isinstance(use, gast.Call) and n in use.args and _reader(use.func, info)):
            return False
    return True


def _inside_def(node, parents, fn) -> bool:
    while id(node) in parents and node is not fn:
        node = parents[id(node)]
        if isinstance(node, (gast.FunctionDef, gast.AsyncFunctionDef, gast.Lambda, gast.ClassDef)):
            return node is not fn
    return False


def _item_use(item, parents, site_calls, changing, info) -> bool:
    """Is ``c[key]`` (``item``) read or written in a way that keeps no other reference
    to the list it holds?"""
    use = parents[id(item)]
    if isinstance(item.ctx, gast.Store):  # c[k] = [...]
        return isinstance(use, gast.Assign) and _new_list(use.value)
    if isinstance(use, gast.Subscript) and use.value is item:  # c[k][j]
        return True
    if isinstance(use, gast.Attribute) and use.value is item:  # a site of the rewrite
        return id(parents.get(id(use))) in site_calls
    if isinstance(use, (gast.For, gast.comprehension)) and use.iter is item:
        loop = use if isinstance(use, gast.For) else parents[id(use)]
        return not any(id(n) in changing for n in walk(loop))
    if isinstance(use, gast.Return):
        return True
    return isinstance(use, gast.Call) and item in use.args and _reader(use.func, info)


def _container_use(node, use, is_dict: bool) -> bool:
    """A read of the container itself that keeps no reference to a list it holds: its
    length, returning it, and for a dict its keys (a loop over it, ``sorted(c)``...)."""
    if isinstance(use, gast.Return):
        return True
    if isinstance(use, gast.Call) and isinstance(use.func, gast.Name) and use.args == [node]:
        return use.func.id == "len" or (is_dict and use.func.id in ("sorted", "list", "tuple"))
    if isinstance(use, (gast.For, gast.comprehension)) and use.iter is node:
        return is_dict
    return is_dict and isinstance(use, gast.Attribute) and use.attr == "keys"


def _reader(func, info) -> bool:
    """A NumPy function or a builtin of ``_READERS`` (by the object the name holds)."""
    if isinstance(func, gast.Name):
        value = info.closure.get(func.id, info.globals.get(func.id, None))
        if value is None:
            value = getattr(builtins, func.id, None)
        return any(value is r for r in _READERS)
    while isinstance(func, gast.Attribute):
        func = func.value
    if not isinstance(func, gast.Name):
        return False
    module = info.closure.get(func.id, info.globals.get(func.id))
    return getattr(module, "__name__", "").split(".")[0] == "numpy"


def _rewrite(stmt, c, key, method, node, target, fresh) -> list:
    out = []
    if not isinstance(key, (gast.Name, gast.Constant)):
        k = fresh(f"{c}_key")
        out.append(assign(k, key))
        key = name(k)

    def item(store=False):
        return gast.Subscript(
            value=name(c), slice=clone(key), ctx=gast.Store() if store else gast.Load()
        )

    def concat(*parts):
        total = parts[0]
        for part in parts[1:]:
            total = gast.BinOp(left=total, op=gast.Add(), right=part)
        return total

    def part(lower=None, upper=None):
        s = gast.Slice(lower=lower, upper=upper, step=None)
        return gast.Subscript(value=item(), slice=s, ctx=gast.Load())

    args = node.args
    if method == "append":
        new = concat(item(), gast.List(elts=[args[0]], ctx=gast.Load()))
    elif method == "extend":
        new = concat(item(), call("list", args[0]))
    elif method == "insert":
        at = fresh(f"{c}_at")
        out.append(assign(at, args[0]))
        new = concat(part(upper=name(at)), gast.List(elts=[args[1]], ctx=gast.Load()))
        new = concat(new, part(lower=name(at)))
    elif method == "clear":
        new = gast.List(elts=[], ctx=gast.Load())
    else:  # pop
        index = fresh(f"{c}_index")
        position = args[0] if args else const(-1)
        out.append(
            assign(
                index,
                gast.Subscript(
                    value=call("range", call("len", item())), slice=position, ctx=gast.Load()
                ),
            )
        )
        if target is not None:
            read = gast.Subscript(value=item(), slice=name(index), ctx=gast.Load())
            out.append(gast.Assign(targets=[target], value=read, type_comment=None))
        after = gast.BinOp(left=name(index), op=gast.Add(), right=const(1))
        new = concat(part(upper=name(index)), part(lower=after))
    out.append(gast.Assign(targets=[item(store=True)], value=new, type_comment=None))
    return out
