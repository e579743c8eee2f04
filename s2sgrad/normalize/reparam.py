"""Draws whose parameters are differentiated, as a draw of fixed parameters moved and
scaled (the reparametrization):

    z = rng.normal(mu, sigma)          ->    z_draw = rng.standard_normal(np.broadcast_shapes(
                                                 np.shape(mu), np.shape(sigma)))
                                             z = mu + sigma * z_draw
    u = rng.uniform(low, high, size)   ->    u = low + (high - low) * rng.random(size)

NumPy draws ``normal`` and ``uniform`` this way (``Generator`` and ``RandomState`` alike),
so the values are the ones the program draws; the derivative flows to the parameters.
"""

from __future__ import annotations

import gast
import numpy as np

from ..parsing import _MISSING
from ..syntax import clone, const

_MAKERS = (np.random.default_rng, np.random.RandomState, np.random.Generator)

# method: its parameters with their defaults, the draw of fixed parameters
_DRAWS = {
    "normal": (("loc", 0.0), ("scale", 1.0), "standard_normal"),
    "uniform": (("low", 0.0), ("high", 1.0), "random"),
}


def _generator(lowering, func) -> bool:
    """Is ``func`` (``obj.normal``) a draw of a NumPy generator: of a ``Generator``, a
    ``RandomState`` or ``np.random`` known now, or of a local name bound only to one made
    here (``rng = np.random.default_rng(0)``)?"""
    value = lowering.free_value(func)
    owner = getattr(value, "__self__", None)
    if value is not _MISSING:
        return isinstance(owner, (np.random.Generator, np.random.RandomState))
    base = func.value
    if not (isinstance(base, gast.Name) and base.id in lowering.single_defs):
        return False
    made = lowering.single_defs[base.id]
    return bool(made) and all(
        isinstance(v, gast.Call) and lowering.resolve_call(v) in _MAKERS for v in made
    )


def reparametrized(lowering, node, hint):
    """The lowered ``loc + scale * rng.standard_normal(shape)`` of ``rng.normal(loc,
    scale, size)`` (``uniform`` alike); None for any other call."""
    func = node.func
    if not (isinstance(func, gast.Attribute) and func.attr in _DRAWS):
        return None
    if any(isinstance(a, gast.Starred) for a in node.args) or any(
        k.arg is None for k in node.keywords
    ):
        return None
    (first, one), (second, other), fixed = _DRAWS[func.attr]
    names = (first, second, "size")
    if len(node.args) > 3 or any(k.arg not in names[len(node.args) :] for k in node.keywords):
        return None
    if not _generator(lowering, func):
        return None
    given = dict(zip(names, node.args))
    given.update((k.arg, k.value) for k in node.keywords)
    hint = hint or func.attr
    a = lowering.atom(given.get(first, const(one)), hint + "_" + first)
    b = lowering.atom(given.get(second, const(other)), hint + "_" + second)
    size = given.get("size")
    if size is None or (isinstance(size, gast.Constant) and size.value is None):
        shapes = [lowering.make_call(np.shape, [clone(v)], [], node) for v in (a, b)]
        shapes = [lowering.bind(s, hint + "_shape") for s in shapes]
        size = lowering.bind(lowering.make_call(np.broadcast_shapes, shapes, [], node), "size")
    draw = gast.Call(
        func=gast.Attribute(value=clone(func.value), attr=fixed, ctx=gast.Load()),
        args=[size],
        keywords=[],
    )
    draw = lowering.atom(gast.copy_location(draw, node), hint + "_draw")
    if func.attr == "normal":
        spread = gast.BinOp(left=clone(b), op=gast.Mult(), right=draw)
    else:
        width = gast.BinOp(left=clone(b), op=gast.Sub(), right=clone(a))
        spread = gast.BinOp(left=width, op=gast.Mult(), right=draw)
    out = gast.BinOp(left=clone(a), op=gast.Add(), right=spread)
    for n in gast.walk(out):
        gast.copy_location(n, node)
    return lowering.expr_BinOp(out, hint)
