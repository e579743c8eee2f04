"""``itertools`` iterators and ``filter`` as the lists of their items, made from the
items of their arguments by position.

    for a, b in combinations(xs, 2):   ->   xs_items = list(xs)
                                            pairs = combinations(range(len(xs_items)), 2)
                                            for a, b in [(xs_items[c[0]], xs_items[c[1]])
                                                         for c in pairs]:

Each item is read from the list of the argument's items at a position, so each is a
value of the argument (a row of an array, an item of a list) and the derivative flows back
to it; the positions come from the same iterator over ``range``, which carries none.
``chain``, ``starmap`` and ``filter`` become comprehensions, ``accumulate`` a loop that
joins its running value to the list. An iterator is consumed by its first reading, a list
is not: :func:`~s2sgrad.normalize.iterators.check_maps` checks that each is read once.
"""

from __future__ import annotations

import builtins
import itertools
import operator

import gast

from .. import anno, runtime
from ..syntax import assign, clone, const, name, walk

_BY_POSITION = (
    itertools.combinations,
    itertools.combinations_with_replacement,
    itertools.permutations,
    itertools.product,
)
# the iterators made here: check_maps checks that each is read once
LISTED = (*_BY_POSITION, itertools.chain, itertools.starmap, itertools.accumulate, filter)
_BUILTINS = ("len", "list", "range", "tuple", "zip")


def listed_call(lowering, target, node, hint):
    """The lowered list of the items of ``node``, a call of ``target`` (one of LISTED or
    ``itertools.chain.from_iterable``); None where it is not a form made here (the call
    is then left as it is: an error if a differentiated value reaches it)."""
    if anno.get(node, "positions", False):
        return None
    if any(isinstance(a, gast.Starred) for a in node.args) or any(
        k.arg is None for k in node.keywords
    ):
        return None
    if any(lowering.info.lookup(b) is not getattr(builtins, b) for b in _BUILTINS):
        return None  # the names the lists are made with are the builtins
    hint = hint or getattr(target, "__name__", "items")
    keywords = {k.arg: k.value for k in node.keywords}
    if target in _BY_POSITION:
        made = _by_position(lowering, target, node, keywords, hint)
    elif target is itertools.chain and not keywords:
        pools = [_listed(lowering, a, hint) for a in node.args]
        made = _flat(lowering, gast.List(elts=pools, ctx=gast.Load()))
    elif target == itertools.chain.from_iterable and len(node.args) == 1 and not keywords:
        made = _flat(lowering, node.args[0])
    elif target is itertools.starmap and len(node.args) == 2 and not keywords:
        made = _starmap(lowering, *node.args)
    elif target is filter and len(node.args) == 2 and not keywords:
        made = _filter(lowering, *node.args)
    elif target is itertools.accumulate:
        return _accumulate(lowering, node, keywords, hint)
    else:
        return None
    if made is None:
        return None
    for n in walk(made):
        if isinstance(n, (gast.expr, gast.stmt)) and getattr(n, "lineno", None) is None:
            gast.copy_location(n, node)
    return lowering.expr_ListComp(made, hint)


def sorted_call(lowering, node, hint):
    """``sorted(xs, key=k, reverse=r)`` as ``[xs_items[i] for i in sorted_order(keys, r)]``
    with ``keys = [k(v) for v in xs_items]``: the order carries no derivative, the items
    theirs. Where there is a key, or ``xs`` is certainly a list; None for a dict (sorted
    keys, no derivative) and for what may be one (``sorted(d)`` of a parameter: see
    validate._sorted_keys)."""
    keywords = {k.arg: k.value for k in node.keywords}
    if (
        len(node.args) != 1
        or isinstance(node.args[0], gast.Starred)
        or set(keywords) - {"key", "reverse"}
        or any(lowering.info.lookup(b) is not getattr(builtins, b) for b in _BUILTINS)
    ):
        return None
    arg, key = node.args[0], keywords.get("key")
    if isinstance(key, gast.Constant) and key.value is None:
        key = None
    listed = isinstance(arg, (gast.List, gast.Tuple, gast.ListComp, gast.GeneratorExp)) or (
        isinstance(arg, gast.Name) and arg.id in lowering.list_locals
    )
    if lowering.is_dict(arg) or not (listed or key is not None):
        return None
    hint = hint or "ordered"
    anno.set(arg, "read_at_once", True)  # sorted(d.items(), key=...): read whole
    items = _listed(lowering, arg, hint)
    keys = items
    if key is not None:
        (param,), value = _applied(lowering, _getter(lowering, key), 1)
        made = _comp(value, param, clone(items))
        keys = lowering.atom(_located(made, node), hint + "_keys")
    reverse = [keywords["reverse"]] if "reverse" in keywords else []
    order = lowering.make_call(runtime.sorted_order, [keys, *reverse], [], node)
    order = lowering.bind(order, hint + "_order")
    i = lowering.fresh("i")
    made = _comp(_item(items, name(i)), name(i, store=True), order)
    return lowering.expr_ListComp(_located(made, node), hint)


def extremum_by_key(lowering, fn, node, hint):
    """``max(xs, key=k)`` (``min``; also ``max(a, b, key=k)``) as ``xs_items[i]`` with ``i
    = best_position(keys, True)``: the first item whose key is largest, as Python's."""
    if [k.arg for k in node.keywords] != ["key"] or not node.args:
        return None
    if any(isinstance(a, gast.Starred) for a in node.args):
        return None
    if any(lowering.info.lookup(b) is not getattr(builtins, b) for b in _BUILTINS):
        return None
    key = node.keywords[0].value
    if isinstance(key, gast.Constant) and key.value is None:
        return None
    hint = hint or fn.__name__
    arg = node.args[0] if len(node.args) == 1 else gast.List(elts=node.args, ctx=gast.Load())
    anno.set(arg, "read_at_once", True)
    items = _listed(lowering, arg, hint)
    (param,), value = _applied(lowering, _getter(lowering, key), 1)
    keys = lowering.atom(_located(_comp(value, param, clone(items)), node), hint + "_keys")
    largest = const(fn is max)
    at = lowering.bind(lowering.make_call(runtime.best_position, [keys, largest], [], node), "at")
    return _item(items, at)


def _getter(lowering, key):
    """``operator.itemgetter(k)`` as ``lambda item: item[k]``; any other key as it is."""
    if not (
        isinstance(key, gast.Call)
        and len(key.args) == 1
        and not key.keywords
        and lowering.resolve_call(key) is operator.itemgetter
    ):
        return key
    item = lowering.fresh("item")
    args = gast.arguments(
        args=[name(item, store=False)],
        posonlyargs=[],
        vararg=None,
        kwonlyargs=[],
        kw_defaults=[],
        kwarg=None,
        defaults=[],
    )
    args.args[0].ctx = gast.Param()
    body = gast.Subscript(value=name(item), slice=key.args[0], ctx=gast.Load())
    return gast.copy_location(gast.Lambda(args=args, body=body), key)


def _located(tree, node):
    for n in walk(tree):
        if isinstance(n, (gast.expr, gast.stmt)) and getattr(n, "lineno", None) is None:
            gast.copy_location(n, node)
    return tree


def _listed(lowering, node, hint):
    """A name bound to the list of ``node``'s items (``list(d)`` of a dict: its keys)."""
    return lowering.bind(lowering.make_call(list, [node], [], node), hint + "_items")


def _comp(elt, target, it, ifs=()):
    return gast.ListComp(
        elt=elt, generators=[gast.comprehension(target=target, iter=it, ifs=list(ifs), is_async=0)]
    )


def _item(pool, at):
    return gast.Subscript(value=clone(pool), slice=at, ctx=gast.Load())


def _call(fn: str, *args):
    return gast.Call(func=name(fn), args=list(args), keywords=[])


def _by_position(lowering, target, node, keywords, hint):
    """``combinations(xs, r)`` as ``[(xs[c[0]], ..) for c in combinations(range(len(xs)),
    r)]`` (``tuple([xs[i] for i in c])`` where r is not a number); ``product(a, b,
    repeat=k)`` alike."""
    if target is itertools.product:
        if set(keywords) - {"repeat"}:
            return None
        repeat = keywords.get("repeat", const(1))
        if not (isinstance(repeat, gast.Constant) and type(repeat.value) is int):
            return None
        pools = [_listed(lowering, a, hint) for a in node.args]
        count = len(pools) * repeat.value
    else:
        given = list(node.args[1:])
        if set(keywords) - {"r"} or len(node.args) not in (1, 2) or len(given) + len(keywords) > 1:
            return None
        r = given[0] if given else keywords.get("r")
        if r is None and target is not itertools.permutations:
            return None
        pools = [_listed(lowering, node.args[0], hint)]
        count = r.value if isinstance(r, gast.Constant) and type(r.value) is int else None
    ranges = [_call("range", _call("len", clone(p))) for p in pools]
    made = gast.Call(
        func=clone(node.func),
        args=ranges + [clone(a) for a in node.args[len(pools) :]],
        keywords=[gast.keyword(arg=k, value=clone(v)) for k, v in keywords.items()],
    )
    anno.set(made, "positions", True)  # not made again
    at = lowering.fresh("at")
    if count is None:  # one pool: tuple([xs[i] for i in at])
        i = lowering.fresh("i")
        inner = _comp(_item(pools[0], name(i)), name(i, store=True), name(at))
        elt = _call("tuple", inner)
    else:
        elts = [
            _item(
                pools[j % len(pools)],
                gast.Subscript(value=name(at), slice=const(j), ctx=gast.Load()),
            )
            for j in range(count)
        ]
        elt = gast.Tuple(elts=elts, ctx=gast.Load())
    return _comp(elt, name(at, store=True), made)


def _flat(lowering, pools):
    """``[v for p in pools for v in p]``: ``chain(a, b)``, ``chain.from_iterable(ps)``."""
    pool, item = lowering.fresh("pool"), lowering.fresh("item")
    return gast.ListComp(
        elt=name(item),
        generators=[
            gast.comprehension(target=name(pool, store=True), iter=pools, ifs=[], is_async=0),
            gast.comprehension(target=name(item, store=True), iter=name(pool), ifs=[], is_async=0),
        ],
    )


def _arity(fn, it):
    """How many arguments ``starmap(fn, it)`` passes: a plain lambda's parameters, or the
    number of sequences of a ``zip``; else None."""
    if isinstance(fn, gast.Lambda) and _plain(fn):
        return len(fn.args.args)
    if (
        isinstance(it, gast.Call)
        and isinstance(it.func, gast.Name)
        and it.func.id == "zip"
        and not it.keywords
        and not any(isinstance(a, gast.Starred) for a in it.args)
    ):
        return len(it.args)
    return None


def _plain(fn) -> bool:
    a = fn.args
    return not (a.vararg or a.kwarg or a.kwonlyargs or a.defaults or a.posonlyargs)


def _applied(lowering, fn, n: int):
    """The comprehension target and item of ``fn`` applied to ``n`` values: a plain
    lambda's parameters and body, else fresh names and the call."""
    if isinstance(fn, gast.Lambda) and _plain(fn) and len(fn.args.args) == n:
        params = [name(p.id, store=True) for p in fn.args.args]
        body = fn.body
    else:
        params = [name(lowering.fresh("arg"), store=True) for _ in range(n)]
        body = gast.Call(func=fn, args=[name(p.id) for p in params], keywords=[])
    return params, body


def _starmap(lowering, fn, it):
    """``starmap(f, pairs)`` as ``[f(a, b) for a, b in pairs]``."""
    n = _arity(fn, it)
    if n is None:
        return None
    params, body = _applied(lowering, fn, n)
    target = params[0] if n == 1 else gast.Tuple(elts=params, ctx=gast.Store())
    return _comp(body, target, it)


def _filter(lowering, fn, it):
    """``filter(f, xs)`` as ``[v for v in xs if f(v)]`` (``if v`` for ``filter(None, xs)``)."""
    if isinstance(fn, gast.Constant) and fn.value is None:
        item = lowering.fresh("item")
        return _comp(name(item), name(item, store=True), it, [name(item)])
    (param,), test = _applied(lowering, fn, 1)
    return _comp(name(param.id), param, it, [test])


def _accumulate(lowering, node, keywords, hint):
    """``accumulate(xs, f, initial=c)`` as a loop that joins ``f(running, xs[i])`` to the
    list of the running values (a new list each step: no list changes in place)."""
    if set(keywords) - {"func", "initial"} or not 1 <= len(node.args) <= 2:
        return None
    if "func" in keywords and len(node.args) == 2:
        return None
    fn = node.args[1] if len(node.args) == 2 else keywords.get("func")
    if isinstance(fn, gast.Constant) and fn.value is None:
        fn = None
    initial = keywords.get("initial")
    if isinstance(initial, gast.Constant) and initial.value is None:
        initial = None
    items = _listed(lowering, node.args[0], hint)
    out, i = lowering.fresh(hint + "_running"), lowering.fresh("index")
    if initial is None:
        first = gast.Subscript(
            value=clone(items),
            slice=gast.Slice(lower=None, upper=const(1), step=None),
            ctx=gast.Load(),
        )
        start = const(1)
    else:
        first = gast.List(elts=[initial], ctx=gast.Load())
        start = const(0)
    last = gast.Subscript(value=name(out), slice=const(-1), ctx=gast.Load())
    step = _item(items, name(i))
    value = (
        gast.BinOp(left=last, op=gast.Add(), right=step)
        if fn is None
        else gast.Call(func=clone(fn), args=[last, step], keywords=[])
    )
    joined = gast.BinOp(
        left=name(out), op=gast.Add(), right=gast.List(elts=[value], ctx=gast.Load())
    )
    loop = gast.For(
        target=name(i, store=True),
        iter=_call("range", start, _call("len", clone(items))),
        body=[assign(out, joined)],
        orelse=[],
        type_comment=None,
    )
    for n in walk(loop):
        if isinstance(n, (gast.stmt, gast.expr)):
            gast.copy_location(n, node)
    lowering.locals |= {out, i}
    lowering.assign_to(name(out, store=True), gast.copy_location(first, node), lowering.current)
    saved = lowering.current
    lowering.stmt_For(loop)
    lowering.current = saved
    return name(out)


def tuples_listed(lowering, node):
    """``list(zip(a, b))``, ``list(enumerate(xs))``, ``sorted(zip(a, b), key=k)``
    (``node``) with the zip or enumerate written as the comprehension of its tuples,
    ``[(a_item, b_item) for a_item, b_item in zip(a, b)]``, whose items are differentiated;
    None for any other call."""
    if not node.args or any(isinstance(a, gast.Starred) for a in node.args):
        return None
    inner = node.args[0]
    if not isinstance(inner, gast.Call) or any(isinstance(a, gast.Starred) for a in inner.args):
        return None
    fn = lowering.resolve_call(inner)
    if any(k.arg is None for k in inner.keywords) or not (
        (fn is zip and inner.args and not inner.keywords)
        or (fn is enumerate and len(inner.args) == 1)
    ):
        return None
    count = 2 if fn is enumerate else len(inner.args)
    names = [lowering.fresh("item") for _ in range(count)]
    target = gast.Tuple(elts=[name(n, store=True) for n in names], ctx=gast.Store())
    elt = gast.Tuple(elts=[name(n) for n in names], ctx=gast.Load())
    comp = gast.ListComp(
        elt=elt,
        generators=[gast.comprehension(target=target, iter=inner, ifs=[], is_async=0)],
    )
    for n in walk(comp):
        if isinstance(n, (gast.expr, gast.stmt)):
            gast.copy_location(n, node)
    if lowering.resolve_call(node) is list and len(node.args) == 1 and not node.keywords:
        return comp
    return gast.copy_location(
        gast.Call(func=node.func, args=[comp] + node.args[1:], keywords=node.keywords), node
    )
