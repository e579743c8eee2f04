"""Which items of a sequence of a fixed length depend on the differentiated inputs.

    def f(x, *args):              args = (x, cov): item 0 differentiated, item 1 not
        args = list(args)         (the call site says so: ``("varargs_active", (0,))``)
        args[1] = sym(args[1])    item 1 holds sym(...) of item 1: still not
        return g(*args)           g(args[0], args[1]): g differentiated in its first only

:func:`item_displays` gives each such name a tuple display whose item ``k`` is a tuple
of every value item ``k`` may hold (flow-insensitive, as :mod:`s2sgrad.activity`), so
``c = args[1]`` is differentiated only if one of those is. A name is followed item by
item only when every binding of it, and of every name it may share the list with, is a
display, a copy (``list(args)``, ``args``), a store at a known position, or the ``*args``
of a call that fixes its length, and every other use reads an item or the length:
anything else (passed whole to a call, iterated, an item changed in place) and the
whole sequence is one value again.
"""

from __future__ import annotations

import gast

from . import anno, runtime
from .syntax import int_constant, walk

_LENGTHS = (len, runtime.sequence_length)
# helpers of generated code (a derivative differentiated again) that read their
# arguments after the first for their structure only, and neither keep nor change them
_TEMPLATES = (runtime.fresh_adjoint, runtime.unstack, runtime.densify, runtime.stored_adjoint)


def varargs_entry(n_items: int, active) -> tuple:
    """The call spec entry saying which of ``n_items`` items of ``*args`` are
    differentiated (``active``: their positions), or none when all or none are."""
    active = tuple(sorted(set(active)))
    return (("varargs_active", active),) if 0 < len(active) < n_items else ()


def item_displays(fn, defs, given) -> dict[str, gast.Tuple]:
    """Name -> display of what each item may hold, for the fixed-length sequences of
    ``fn`` (a NormalFunction; ``defs``: :func:`s2sgrad.activity.definitions` of its body;
    ``given``: its parameters and free names, whose items are not known here)."""
    by_name: dict[str, list] = {}
    for n, value, stmt in defs:
        by_name.setdefault(n, []).append((value, stmt))
    vararg = fn.vararg if getattr(fn, "vararg_length", None) is not None else None
    parent: dict[str, str] = {}

    def find(n):
        while parent.setdefault(n, n) != n:
            n = parent[n]
        return n

    lengths: dict[str, set] = {}
    slots: dict[str, dict] = {}  # root -> position -> the values stored there
    bad: set[str] = set()
    allowed: set[int] = set()  # the Name nodes whose use is understood
    for n, entries in by_name.items():
        if n in given and n != vararg:
            bad.add(n)
        for value, stmt in entries:
            target = stmt.targets[0] if isinstance(stmt, gast.Assign) else None
            if target is None:
                bad.add(n)  # a loop target, xs.append(v)
                continue
            if isinstance(target, gast.Subscript):
                position = _position(target.slice, fn.info)
                if position is None:
                    bad.add(n)  # xs[i] = v, xs[1:] = vs: where (or how many) unknown
                    continue
                allowed.add(id(target.value))
                slots.setdefault(n, {}).setdefault(position, []).append(value)
                continue
            allowed.add(id(target))
            elts = _display(value)
            if elts is not None:
                lengths.setdefault(n, set()).add(len(elts))
                for k, e in enumerate(elts):
                    slots.setdefault(n, {}).setdefault(k, []).append(e)
                continue
            source = _copied(value)
            if source is None:
                bad.add(n)
                continue
            allowed.add(id(source))
            parent[find(n)] = find(source.id)
    if vararg is not None:
        lengths.setdefault(vararg, set()).add(fn.vararg_length)
        active = fn.vararg_active
        marker = gast.Name(id=vararg, ctx=gast.Load(), annotation=None, type_comment=None)
        for k in range(fn.vararg_length):
            if active is None or k in active:
                slots.setdefault(vararg, {}).setdefault(k, []).append(marker)
    members: dict[str, set] = {}
    for n in set(by_name) | set(parent) | ({vararg} - {None}):
        members.setdefault(find(n), set()).add(n)
    for node in walk(gast.Module(body=fn.body, type_ignores=[])):
        _check_use(node, parent, allowed, by_name, bad, fn.info)
    out = {}
    for root, names in members.items():
        if names & bad or any(n not in by_name and n != vararg for n in names):
            continue  # a name bound elsewhere (a global list): its items are not known
        sizes = set().union(*(lengths.get(n, set()) for n in names))
        if len(sizes) != 1:
            continue
        (size,) = sizes
        items = [[] for _ in range(size)]
        for n in sorted(names):
            for k, values in slots.get(n, {}).items():
                k = k + size if k < 0 else k
                if not 0 <= k < size:
                    break
                items[k].extend(values)
            else:
                continue
            break
        else:
            display = gast.Tuple(
                elts=[gast.Tuple(elts=vs, ctx=gast.Load()) for vs in items], ctx=gast.Load()
            )
            out.update((n, display) for n in sorted(names))
    return out


def _display(value):
    """The items of ``(a, b)``, ``[a, b]``, ``list((a, b))`` (a star call's), else None."""
    if _is_copy(value) and isinstance(value.args[0], (gast.Tuple, gast.List)):
        value = value.args[0]
    if isinstance(value, (gast.Tuple, gast.List)) and not any(
        isinstance(e, gast.Starred) for e in value.elts
    ):
        return value.elts
    return None


def _is_copy(value) -> bool:
    """``list(v)`` or ``tuple(v)``."""
    return (
        isinstance(value, gast.Call)
        and anno.get(value, "fn", None) in (list, tuple)
        and len(value.args) == 1
        and not value.keywords
    )


def _copied(value):
    """The name ``value`` copies or shares: ``xs``, ``list(xs)``, ``tuple(xs)``."""
    if isinstance(value, gast.Name):
        return value
    if _is_copy(value) and isinstance(value.args[0], gast.Name):
        return value.args[0]
    return None


def _position(index, info):
    """The int position ``index`` names: a constant, or a module global or closure
    variable holding an int (the transform is made again if it is rebound); else None."""
    k = int_constant(index)
    if k is not None or not isinstance(index, gast.Name):
        return k
    if index.id in info.closure:
        value = info.closure[index.id]
    elif index.id in info.globals:
        value = info.globals[index.id]
    else:
        return None
    if type(value) is not int:
        return None
    info.resolved[(index.id,)] = value
    return value


def _check_use(node, parent, allowed, by_name, bad, info) -> None:
    """Mark the sequences ``node`` uses in a way not followed item by item."""
    if isinstance(node, gast.Name) and node.id in parent and id(node) not in allowed:
        bad.add(node.id)  # passed whole, iterated, stored in another container
        return
    if isinstance(node, gast.Subscript) and isinstance(node.value, gast.Name):
        n = node.value.id
        if n not in parent or not isinstance(node.ctx, gast.Load):
            return
        allowed.add(id(node.value))
        position = _position(node.slice, info)
        if position is not None and not isinstance(node.slice, gast.Constant):
            anno.set(node, "position", position)
        return
    if isinstance(node, gast.Call) and anno.get(node, "fn", None) in _LENGTHS:
        allowed.update(id(a) for a in node.args if isinstance(a, gast.Name))
    if isinstance(node, gast.Call) and anno.get(node, "fn", None) in _TEMPLATES:
        allowed.update(id(a) for a in node.args[1:] if isinstance(a, gast.Name))
    if isinstance(node, gast.Assign) and isinstance(node.targets[0], gast.Name):
        # t = xs[0], then t changed in place: the item changes with it
        value = node.value
        if (
            isinstance(value, gast.Subscript)
            and isinstance(value.value, gast.Name)
            and value.value.id in parent
            and _changed(node.targets[0].id, by_name)
        ):
            bad.add(value.value.id)


def _changed(n: str, by_name: dict) -> bool:
    """Is ``n`` bound more than once, or changed in place (``t[0] = v``, ``t.append(v)``)?"""
    entries = by_name.get(n, [])
    return len(entries) != 1 or not (
        isinstance(entries[0][1], gast.Assign) and isinstance(entries[0][1].targets[0], gast.Name)
    )
