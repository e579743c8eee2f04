"""NumPy functions that take Python callables or iterators, as the calls with rules they
mean.

    y = np.fromiter((t * t for t in x), float)    ->    y = np.array([t * t for t in x], float)
    y = np.choose(k, [a, b])                      ->    i = np.choose(k, (0, 1))
                                                        y = np.select([i == 0, i == 1], [a, b])
    y = np.piecewise(x, [x < 0, x >= 0], [f, g])  ->    y = np.zeros_like(x)
                                                        y[x < 0] = f(x[x < 0])
                                                        y[x >= 0] = g(x[x >= 0])

Each function is applied only to the entries its condition chooses, as NumPy does, so a
function undefined elsewhere (``np.sqrt`` of the negative entries) gives no NaN in the
derivative.
"""

from __future__ import annotations

import builtins

import gast
import numpy as np

from ..syntax import clone, const, name


def numpy_call(lowering, target, node, hint):
    """The lowered form of ``np.fromiter``, ``np.choose`` or ``np.piecewise`` called as
    above; None for any other call or form (then the call's rule, or its error, stays)."""
    if any(isinstance(a, gast.Starred) for a in node.args) or any(
        k.arg is None for k in node.keywords
    ):
        return None
    keywords = {k.arg: k.value for k in node.keywords}
    if target is np.fromiter and len(node.args) in (1, 2) and set(keywords) <= {"dtype"}:
        if lowering.info.lookup("list") is not builtins.list:
            return None
        listed = gast.Call(func=name("list"), args=[node.args[0]], keywords=[])
        items = lowering.atom(gast.copy_location(listed, node), (hint or "items") + "_items")
        dtype = [gast.keyword(arg="dtype", value=v) for v in node.args[1:]]
        dtype += [gast.keyword(arg="dtype", value=v) for v in keywords.values()]
        return lowering.make_call(np.array, [items], dtype, node, hint)
    if (
        target is np.choose
        and len(node.args) == 2
        and not keywords
        and isinstance(node.args[1], (gast.List, gast.Tuple))
    ):
        # the index array, checked in range as np.choose does (a list compared to k would
        # be one bool, and np.select's default would fill an index out of range)
        n = len(node.args[1].elts)
        span = gast.Tuple(elts=[const(k) for k in range(n)], ctx=gast.Load())
        index = lowering.make_call(np.choose, [node.args[0], span], [], node)
        which = lowering.bind(index, (hint or "choose") + "_which")
        tests = [
            gast.copy_location(
                gast.Compare(left=clone(which), ops=[gast.Eq()], comparators=[const(k)]), node
            )
            for k in range(len(node.args[1].elts))
        ]
        conditions = gast.copy_location(gast.List(elts=tests, ctx=gast.Load()), node)
        return lowering.make_call(np.select, [conditions, node.args[1]], [], node, hint)
    if (
        target is np.piecewise
        and len(node.args) == 3
        and not keywords
        and isinstance(node.args[1], gast.List)
        and isinstance(node.args[2], gast.List)
        and len(node.args[2].elts) in (len(node.args[1].elts), len(node.args[1].elts) + 1)
    ):
        return _piecewise(lowering, node, hint or "piecewise")
    return None


def _piecewise(lowering, node, hint):
    """``np.piecewise(x, conds, funcs)`` as item writes of ``f(x[cond])`` (or a constant)
    into ``np.zeros_like(x)``; the extra last function takes the entries no condition
    chooses."""
    x = lowering.atom(node.args[0], hint + "_x")
    conds = [lowering.atom(c, hint + "_cond") for c in node.args[1].elts]
    funcs = node.args[2].elts
    if len(funcs) > len(conds):
        chosen = lowering.make_call(
            np.any,
            [gast.List(elts=[clone(c) for c in conds], ctx=gast.Load())],
            [gast.keyword(arg="axis", value=const(0))],
            node,
        )
        chosen = lowering.bind(lowering.make_call(np.asarray, [chosen], [], node), hint + "_any")
        rest = lowering.make_call(np.logical_not, [chosen], [], node)
        conds.append(lowering.bind(rest, hint + "_otherwise"))
    out = lowering.fresh(hint)
    lowering.assign_to(
        name(out, store=True), lowering.make_call(np.zeros_like, [x], [], node), node
    )
    lowering.locals.add(out)
    for cond, f in zip(conds, funcs):
        mask = lowering.make_call(
            np.asarray, [cond], [gast.keyword(arg="dtype", value=const("bool"))], node
        )
        mask = lowering.bind(mask, hint + "_mask")
        part = gast.Subscript(value=clone(x), slice=clone(mask), ctx=gast.Load())
        if isinstance(f, gast.Constant) or not _callable(lowering, f):
            value = f
        else:
            value = gast.Call(func=f, args=[part], keywords=[])
        target = gast.Subscript(value=name(out), slice=clone(mask), ctx=gast.Store())
        write = gast.Assign(targets=[target], value=value, type_comment=None)
        for n in gast.walk(write):
            if isinstance(n, (gast.expr, gast.stmt)) and getattr(n, "lineno", None) is None:
                gast.copy_location(n, node)
        saved = lowering.current
        lowering.stmt_Assign(write)
        lowering.current = saved
    return name(out)


def _callable(lowering, f) -> bool:
    """Is the function list's item ``f`` a function (a lambda, a def, a NumPy function)
    rather than a value?"""
    if isinstance(f, gast.Lambda):
        return True
    value = lowering.free_value(f)
    return callable(value) or (isinstance(f, gast.Name) and f.id in lowering.local_functions)
