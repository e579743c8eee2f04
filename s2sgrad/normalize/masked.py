"""Reductions with ``where=`` and ``initial=`` as the plain reductions they mean.

    m = np.mean(x, where=x > 0)     ->    m_where = np.where(x > 0, x, 0)
                                          m_sum = np.sum(m_where)
                                          m_count = np.sum(np.broadcast_to(x > 0, np.shape(x)))
                                          m = m_sum / m_count

The entries ``where`` leaves out take the reduction's identity (0 for a sum, 1 for a
product, ``initial`` for a maximum or minimum), so the derivative rules of the plain
reductions and of ``np.where`` give the derivative: 0 for every left-out entry. A maximum
or minimum with ``initial=`` starts from the lowest (highest) value of the type, which an
empty slice keeps, and is joined with ``initial`` by ``np.maximum`` (``np.minimum``).
"""

from __future__ import annotations

import gast
import numpy as np

from .. import anno, runtime
from ..errors import UnsupportedSyntaxError
from ..syntax import const

# the reduction, its identity for the left-out entries, how initial= joins the result
_REDUCTIONS = {
    id(np.sum): ("sum", 0, gast.Add),
    id(np.prod): ("prod", 1, gast.Mult),
    id(np.mean): ("mean", 0, None),
    id(np.max): ("max", None, np.maximum),
    id(np.amax): ("max", None, np.maximum),
    id(np.min): ("min", None, np.minimum),
    id(np.amin): ("min", None, np.minimum),
}

_PLAIN = {"sum": np.sum, "prod": np.prod, "mean": np.sum, "max": np.max, "min": np.min}


def masked_reduction(lowering, fn, args, keywords, node, hint):
    """``np.sum(a, where=m, initial=c)`` (also ``prod``, ``mean``, ``max``, ``min`` and the
    array methods) lowered to reductions without either keyword; None for any other call."""
    entry = _REDUCTIONS.get(id(fn))
    given = {k.arg: k.value for k in keywords}
    if entry is None or not ({"where", "initial"} & given.keys()) or not args:
        return None
    if "initial" in given and anno.get(given["initial"], "extreme_start", False):
        return None  # the plain maximum made below
    what, identity, join = entry
    where, initial = given.pop("where", None), given.pop("initial", None)
    if None in given or len(args) > 2:
        return None  # **kw, or where=/initial= given by position: the plain rule's errors
    if what == "mean" and initial is not None:
        raise lowering.info.error(node, "np.mean takes no initial=", cls=UnsupportedSyntaxError)
    if what in ("max", "min") and where is not None and initial is None:
        raise lowering.info.error(
            node,
            f"np.{what} with where= needs initial= (NumPy's own rule)",
            f"pass initial=, the value of a {what} where no entry is chosen",
            UnsupportedSyntaxError,
        )
    hint = hint or what
    a = lowering.atom(args[0], hint + "_values")
    rest = [gast.keyword(arg=k, value=v) for k, v in given.items()]
    if initial is not None:
        initial = lowering.atom(initial, hint + "_initial")
    if where is not None:
        where = lowering.atom(where, hint + "_mask")
        fill = initial if identity is None else const(identity)
        chosen = lowering.make_call(np.where, [where, a, fill], [], node)
        values = lowering.bind(chosen, hint + "_where")
    else:
        values = a
    if initial is not None and what in ("max", "min"):
        # an empty slice takes initial: the plain reduction starts from the lowest (highest)
        # value of the type, so that it has a value there that np.maximum(..., initial) drops
        start = lowering.make_call(runtime.empty_extreme, [values, const(what)], [], node)
        start = lowering.bind(start, hint + "_start")
        anno.set(start, "extreme_start", True)
        rest.append(gast.keyword(arg="initial", value=start))
    out = lowering.make_call(_PLAIN[what], [values, *args[1:]], rest, node, hint)
    if what == "mean":
        if where is None:
            return out
        total = lowering.bind(out, hint + "_sum")
        shape = lowering.bind(lowering.make_call(np.shape, [a], [], node), hint + "_shape")
        mask = lowering.bind(lowering.make_call(np.broadcast_to, [where, shape], [], node), hint)
        counted = [g for g in rest if g.arg in ("axis", "keepdims")]
        count = lowering.make_call(np.sum, [mask, *args[1:2]], counted, node)
        count = lowering.bind(count, hint + "_count")
        return gast.BinOp(left=total, op=gast.Div(), right=count)
    if initial is None:
        return out
    out = lowering.bind(out, hint + "_" + what)
    if isinstance(join, type):
        return gast.BinOp(left=out, op=join(), right=initial)
    return lowering.make_call(join, [out, initial], [], node)
