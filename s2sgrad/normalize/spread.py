"""``*seq`` in a call or a list or tuple display, where ``seq`` is an expression whose
length is known when the function is transformed: a slice with constant bounds of a
sequence of known length, a comprehension over one, a display. The items are spelled
out, and a check made when the code runs keeps the derivative to that length.

    ws = [a, b, c]                      ->   ws_slice = ws[1:]
    ys = [*ws[1:], x]                        (check: sequence_length(ws_slice) == 2)
                                             ys = [ws_slice[0], ws_slice[1], x]

``**mapping`` in a dict display is the loop that copies its items (:func:`merged_dict`).
"""

from __future__ import annotations

import builtins

import gast
import numpy as np

from .. import runtime
from ..syntax import assign, call, clone, const, int_constant, locate, name
from .returned_tuples import returned_tuple_length
from .rewrites import _fixed_displays

_SAME_LENGTH = (list, tuple, reversed, sorted)  # list(xs), reversed(xs): len(xs)


def _integer(node):
    """The int a constant index expression ``node`` is (``2``, ``-1``), None for an absent
    bound, or False."""
    if node is None:
        return None
    value = int_constant(node)
    return False if value is None else value


def _builtin(lowering, func):
    value = lowering.free_value(func)
    return value if isinstance(func, gast.Name) and value is getattr(builtins, func.id, 0) else None


def static_length(lowering, node):
    """The number of items ``node`` gives when unpacked, when the transform knows it
    (see the module docstring), else None."""
    if isinstance(node, gast.Name):
        n = lowering.static_lengths.get(node.id, lowering.param_lengths.get(node.id))
        if n is None and type(lowering.fixed_free(node)) is tuple:
            n = len(lowering.fixed_free(node))
        return n
    if isinstance(node, (gast.Tuple, gast.List)):
        total = 0
        for e in node.elts:
            n = static_length(lowering, e.value) if isinstance(e, gast.Starred) else 1
            if n is None:
                return None
            total += n
        return total
    if isinstance(node, gast.Subscript) and isinstance(node.slice, gast.Slice):
        s = node.slice
        bounds = [_integer(s.lower), _integer(s.upper), _integer(s.step)]
        n = static_length(lowering, node.value)
        if n is None or False in bounds or bounds[2] == 0:
            return None
        return len(range(n)[slice(*bounds)])
    if isinstance(node, (gast.ListComp, gast.GeneratorExp)):
        (gen, *more) = node.generators
        if more or gen.ifs or gen.is_async:
            return None
        return static_length(lowering, gen.iter)
    if isinstance(node, gast.Call) and not node.keywords:
        fn = _builtin(lowering, node.func)
        if fn in _SAME_LENGTH and len(node.args) == 1:
            return static_length(lowering, node.args[0])
        if fn is enumerate and len(node.args) == 1:
            return static_length(lowering, node.args[0])
        if fn is zip and node.args:
            lengths = [static_length(lowering, a) for a in node.args]
            return None if None in lengths else min(lengths)
        if fn is range and 1 <= len(node.args) <= 3:
            bounds = [_integer(a) for a in node.args]
            if any(b is None or b is False for b in bounds) or (len(bounds) == 3 and not bounds[2]):
                return None
            return len(range(*bounds))
    return None


def _number(node) -> bool:
    if isinstance(node, gast.UnaryOp) and isinstance(node.op, (gast.USub, gast.UAdd)):
        node = node.operand
    return (
        isinstance(node, gast.Constant)
        and isinstance(node.value, (int, float))
        and not isinstance(node.value, bool)
    )


def elementwise_length(lowering, node, seen=()):
    """The length of a local that every assignment binds to a NumPy function of one
    argument applied elementwise (``np.exp(log_rates)``), a negation, or a product, sum,
    difference, quotient or power with a number, of a value whose length is known (a
    parameter the call passes, or another such local), to a tuple display, or to a call
    of a function whose every return is a tuple display of that length (``state = (q, p)``
    then ``state = leapfrog(*state, dt)`` in a loop); None otherwise. A guess the
    unpacking checks when it runs: a number of items the derivative was not made for is
    an error there, never a derivative of other items."""
    if not isinstance(node, gast.Name) or node.id in seen:
        return None
    n = lowering.param_lengths.get(node.id, lowering.static_lengths.get(node.id))
    if n is not None or node.id not in lowering.locals:
        return n
    values = lowering.single_defs.get(node.id)
    lengths = {_elementwise(lowering, v, seen + (node.id,)) for v in values or [None]}
    return lengths.pop() if len(lengths) == 1 else None


def _elementwise(lowering, value, seen):
    if isinstance(value, gast.Tuple) and not any(isinstance(e, gast.Starred) for e in value.elts):
        return len(value.elts)
    if isinstance(value, gast.Call):
        n = returned_tuple_length(lowering.resolve_call(value))
        if n is not None:
            return n
    if isinstance(value, gast.UnaryOp) and isinstance(value.op, (gast.USub, gast.UAdd)):
        return _elementwise(lowering, value.operand, seen)
    if isinstance(value, gast.BinOp) and isinstance(
        value.op, (gast.Add, gast.Sub, gast.Mult, gast.Div, gast.Pow)
    ):
        if _number(value.right):
            return _elementwise(lowering, value.left, seen)
        if _number(value.left) and not isinstance(value.op, gast.Pow):
            return _elementwise(lowering, value.right, seen)
        return None
    if isinstance(value, gast.Call) and len(value.args) == 1 and not value.keywords:
        fn = lowering.resolve_call(value)
        if isinstance(fn, np.ufunc) and fn.nin == 1 and fn.nout == 1:
            return _elementwise(lowering, value.args[0], seen)
        return None
    return elementwise_length(lowering, value, seen)


def spread_length(lowering, node):
    """:func:`static_length` of ``node`` where :func:`spelled` can index it (not an
    iterator such as ``zip(a, b)``)."""
    if isinstance(node, gast.Call) and _builtin(lowering, node.func) in (zip, enumerate, reversed):
        return None
    return static_length(lowering, node)


def spelled(lowering, node, n, where, hint):
    """The ``n`` items of ``node`` (unpacked at ``where``) as subscripts of a name bound to
    it, after a check that it still gives ``n`` items when the code runs."""
    if isinstance(node, gast.GeneratorExp):  # consumed at once by the unpacking
        node = gast.copy_location(gast.ListComp(elt=node.elt, generators=node.generators), node)
    seq = lowering.atom(node, hint + "_star")
    checked = not (
        isinstance(node, gast.Name)
        and node.id in lowering.static_lengths
        and node.id not in lowering.checked_lengths
    )
    if checked:
        check_unpacked(lowering, seq, n, where)
    return [gast.Subscript(value=seq, slice=const(j), ctx=gast.Load()) for j in range(n)]


def check_unpacked(lowering, seq, n, where, what="this *unpacking"):
    """``if sequence_length(seq) != n: raise ValueError(...)``: the derivative was made for
    ``n`` items of the ``*seq`` at ``where``."""
    length = lowering.bind(lowering.make_call(runtime.sequence_length, [seq], [], where), "length")
    cond = lowering.bind(
        gast.Compare(left=length, ops=[gast.NotEq()], comparators=[const(n)]), "cond"
    )
    message = const(
        f"line {where.lineno}: the derivative was made for {n} items of {what}, "
        "which now gives a different number"
    )
    error = gast.Raise(exc=call("ValueError", message), cause=None)
    lowering.emit(
        gast.If(test=cond, body=[gast.copy_location(error, where)], orelse=[]), lowering.current
    )


def spread_elts(lowering, elts, where, hint):
    """The items of a display ``elts`` with each ``*seq`` of known length spelled out;
    a ``*seq`` of unknown length is kept (``(*x.shape, 2)``: :mod:`s2sgrad.star_displays`
    refuses one that holds differentiated values)."""
    out = []
    for e in elts:
        n = spread_length(lowering, e.value) if isinstance(e, gast.Starred) else None
        if n is None:
            out.append(e)
        else:
            out.extend(spelled(lowering, e.value, n, where, hint))
    return out


def display_lengths(lowering, body, params) -> None:
    """The lengths of the local names bound once to a display with ``*seq`` items of known
    length (``ys = [*ws[1:], x]``), never changed but by the functions they are passed to
    (a list's unpacking then checks its length), in ``lowering.static_lengths``."""
    found = {
        n: v
        for kind in (gast.List, gast.Tuple)
        for n, v in _fixed_displays(body, kind, starred=True).items()
        if n not in params and n not in lowering.star_params
    }
    for _ in range(len(found)):  # a display may unpack another one
        for n, v in found.items():
            if n not in lowering.static_lengths:
                k = static_length(lowering, v)
                if k is not None:
                    lowering.static_lengths[n] = k
                    if isinstance(v, gast.List):
                        lowering.checked_lengths.add(n)


def merged_dict(lowering, node, hint):
    """``{**a, k: v, **b}``: a new dict, then in the display's order the items of each
    ``**`` mapping copied by a loop over its keys (a later key replaces an earlier one, as
    in Python) and each ``k: v`` set; the parts are evaluated first, left to right.

        s = {**state, "x": x1}    ->   s = {}
                                       for key in state.keys():
                                           s[key] = state[key]
                                       s["x"] = x1
    """
    parts = [
        (None if k is None else lowering.atom(k, hint), lowering.atom(v, hint))
        for k, v in zip(node.keys, node.values)
    ]
    result = lowering.fresh(hint + "_dict")
    lowering.emit(assign(result, gast.Dict(keys=[], values=[])), lowering.current)
    lowering.dicts.add(result)
    lowering.locals.add(result)
    for key, value in parts:
        if key is not None:
            slot = gast.Subscript(value=name(result), slice=key, ctx=gast.Store())
            lowering.stmt_Assign(locate(assign(slot, value), node))
            continue
        k = lowering.fresh("key")
        lowering.locals.add(k)
        slot = gast.Subscript(value=name(result), slice=name(k), ctx=gast.Store())
        item = gast.Subscript(value=value, slice=name(k), ctx=gast.Load())
        keys = call(gast.Attribute(value=clone(value), attr="keys", ctx=gast.Load()))
        loop = gast.For(
            target=name(k, store=True),
            iter=keys,
            body=[assign(slot, item)],
            orelse=[],
            type_comment=None,
        )
        lowering.stmt_For(locate(loop, node))
    return name(result)
