"""``f(**kw)`` of a local dict that gains keys in branches: ``kw`` is made once from a
display (or ``dict(k=v)``) and changed only by ``kw["key"] = v`` with constant keys, so
the keys it may hold at the call are the display's and those; the call becomes one call
per set of the added keys that are present, chosen by ``key in kw`` when it runs.

    kw = dict(act=a)                  ->   kw = {'act': a}
    if masks is not None:                  if masks is not None:
        kw["mask"] = m                         kw['mask'] = m
    dense(h, **kw)                         out = (dense(h, act=kw['act'], mask=kw['mask'])
                                                  if 'mask' in kw else dense(h, act=kw['act']))

A key written by a statement of the function's body itself (not in a branch or loop)
before the one holding the call is always there; a key naming a parameter of the user
function called, with a constant default, is passed as ``k=kw['k'] if 'k' in kw else
default`` (the same call, in Python): neither multiplies the calls. ``kw.update(...)``
reaches here as item writes (:mod:`.container_methods`).
"""

from __future__ import annotations

import gast

from ..syntax import clone, const, name, walk
from .tables import LocalFunction, _signature, store_counts

MAX_ADDED = 3  # keys added in branches that are chosen by calls: 2 ** 3 calls at most
_CONSTANTS = (type(None), bool, int, float, complex, str)


def branch_keys(lowering, body) -> dict:
    """``name -> (keys made with, keys added later)`` for the local dicts described in the
    module docstring that some call unpacks; a name read any other way than ``kw[key]``,
    ``"key" in kw`` or ``**kw`` (passed to a function, a method called on it) is not one."""
    stores = store_counts(body)
    module = gast.Module(body=body, type_ignores=[])
    made, added, other = {}, {}, set()
    unpacked, read = set(), set()
    for node in walk(module):
        if (
            isinstance(node, gast.Assign)
            and len(node.targets) == 1
            and isinstance(node.targets[0], gast.Name)
            and stores.get(node.targets[0].id) == 1
        ):
            keys = _display_keys(lowering, node.value)
            if keys is not None:
                made[node.targets[0].id] = keys
        elif isinstance(node, gast.Subscript) and isinstance(node.value, gast.Name):
            key = node.slice
            if not (isinstance(key, gast.Constant) and isinstance(key.value, str)):
                other.add(node.value.id)
            elif isinstance(node.ctx, gast.Store):
                added.setdefault(node.value.id, set()).add(key.value)
            elif isinstance(node.ctx, gast.Del):
                other.add(node.value.id)
            read.add(id(node.value))
        elif isinstance(node, gast.Call):
            for k in node.keywords:
                if k.arg is None and isinstance(k.value, gast.Name):
                    unpacked.add(k.value.id)
                    read.add(id(k.value))
        elif isinstance(node, gast.AugAssign) and isinstance(node.target, gast.Name):
            other.add(node.target.id)
        elif (
            isinstance(node, gast.Compare)
            and len(node.ops) == 1
            and isinstance(node.ops[0], (gast.In, gast.NotIn))
            and isinstance(node.left, gast.Constant)
            and isinstance(node.comparators[0], gast.Name)
        ):  # "key" in kw: which keys it holds, as the calls choose
            read.add(id(node.comparators[0]))
    for node in walk(module):
        if isinstance(node, gast.Name) and isinstance(node.ctx, gast.Load) and id(node) not in read:
            other.add(node.id)
    first, at = _top_level(body)
    out = {}
    for n, keys in made.items():
        extra = sorted(added.get(n, set()) - set(keys))
        if n in unpacked and n not in other and extra:
            certain = {k: i for (m, k), i in first.items() if m == n}
            out[n] = (keys, tuple(extra), certain, at)
    return out


def _top_level(body):
    """``({(dict, key): index of the first statement of body writing it}, {id of a call
    unpacking **kw: index of the statement of body holding it})``."""
    first, at = {}, {}
    for i, s in enumerate(body):
        if (
            isinstance(s, gast.Assign)
            and len(s.targets) == 1
            and isinstance(s.targets[0], gast.Subscript)
            and isinstance(s.targets[0].value, gast.Name)
            and isinstance(s.targets[0].slice, gast.Constant)
        ):
            first.setdefault((s.targets[0].value.id, s.targets[0].slice.value), i)
        for node in walk(s):
            if isinstance(node, gast.Call) and any(k.arg is None for k in node.keywords):
                at[id(node)] = i
    return first, at


def _defaulted(lowering, node, extra) -> dict:
    """``{key: its constant default}`` for the keys of ``extra`` that name a parameter of
    the user function ``node`` calls, after its positional arguments, with a constant
    default (passing that default is the call without the key)."""
    fn = lowering.free_value(node.func)
    if isinstance(node.func, gast.Name) and node.func.id in lowering.local_functions:
        fn = lowering.local_functions[node.func.id]
    sig = _signature(fn)
    if sig is None or any(isinstance(a, gast.Starred) for a in node.args):
        return {}
    params, n_pos, _, _, defaults = sig
    if isinstance(fn, LocalFunction):
        posonly = len(fn.node.args.posonlyargs)
        defaults = {p: d.value for p, d in defaults.items() if isinstance(d, gast.Constant)}
    else:
        posonly = getattr(getattr(fn, "__code__", None), "co_posonlyargcount", 0)
    named = params[max(posonly, len(node.args)) :]
    return {
        k: defaults[k]
        for k in extra
        if k in named and k in defaults and type(defaults[k]) in _CONSTANTS
    }


def _display_keys(lowering, value):
    if isinstance(value, gast.Dict):
        keys = [k.value if isinstance(k, gast.Constant) else None for k in value.keys]
    elif (
        isinstance(value, gast.Call)
        and isinstance(value.func, gast.Name)
        and value.func.id == "dict"
        and not value.args
        and "dict" not in lowering.stores
        and lowering.info.lookup("dict") is dict
    ):
        keys = [k.arg for k in value.keywords]
    else:
        return None
    if all(isinstance(k, str) for k in keys) and len(set(keys)) == len(keys):
        return tuple(keys)
    return None


def keyed_calls(lowering, node):
    """``node``, a call unpacking ``**kw`` of a dict of :func:`branch_keys`, as the
    conditional expression choosing the call for the keys ``kw`` holds; None when the
    call names one of those keys itself (Python's TypeError: the call as written)."""
    stars = [
        k
        for k in node.keywords
        if k.arg is None and getattr(k.value, "id", None) in lowering.branch_keys
    ]
    if len(stars) != 1:
        return None
    (star,) = stars  # other **d of the call stay (call_starred)
    kw = star.value.id
    keys, extra, certain, at = lowering.branch_keys[kw]
    named = {k.arg for k in node.keywords if k.arg is not None}
    if named & (set(keys) | set(extra)):
        return None
    here = at.get(id(node))
    keys = (*keys, *(k for k in extra if here is not None and certain.get(k, here) < here))
    defaulted = _defaulted(lowering, node, [k for k in extra if k not in keys])
    extra = tuple(k for k in extra if k not in keys and k not in defaulted)
    if len(extra) > MAX_ADDED:
        return None

    def item(k):
        return gast.Subscript(value=name(kw), slice=const(k), ctx=gast.Load())

    def made(present):
        words = [gast.keyword(arg=k, value=item(k)) for k in (*keys, *present)]
        words += [
            gast.keyword(
                arg=k,
                value=gast.IfExp(
                    test=gast.Compare(left=const(k), ops=[gast.In()], comparators=[name(kw)]),
                    body=item(k),
                    orelse=const(d),
                ),
            )
            for k, d in defaulted.items()
        ]
        rest = [clone(k) for k in node.keywords if k is not star]
        out = gast.Call(func=clone(node.func), args=[clone(a) for a in node.args], keywords=rest)
        out.keywords += words
        return out

    def choose(i, present):
        if i == len(extra):
            return made(present)
        test = gast.Compare(left=const(extra[i]), ops=[gast.In()], comparators=[name(kw)])
        return gast.IfExp(
            test=test,
            body=choose(i + 1, present + (extra[i],)),
            orelse=choose(i + 1, present),
        )

    out = choose(0, ())
    for n in walk(out):
        if isinstance(n, (gast.expr, gast.stmt)) and getattr(n, "lineno", None) is None:
            gast.copy_location(n, node)
    return out
