"""``for layer, (W, b) in zip(model.layers, params)`` over a list of objects of several
classes (``kinds.unroll_objects``): the body once per layer, the other targets bound to
the items of the other sequences at the same place. zip stops at its shortest
sequence, and the unrolled loop has one body per object: a shorter sequence is an error
when the code runs, never a loop over fewer items than Python's."""

from __future__ import annotations

import gast

from ..syntax import call, const, name


def _loop_name(low, var: str) -> bool:
    """Is ``var`` bound only by this loop (and is no object of a known kind), or only as
    the item of for loops (``for layer in layers`` twice: each loop says its kind)?"""
    if low.stores.get(var) == 1:
        return var not in low.object_kinds
    if var not in low.loop_targets:
        return False
    low.object_kinds.pop(var, None)  # the kind of the loop before's items
    low.classes.pop(var, None)
    return True


def zipped_object_loop(low, node):
    """``((sequence, None, item name), others)`` for a for loop over ``zip(...)`` whose
    target names one item of a list of objects (``others``: the ``(target, sequence)``
    of the other parts), else ``(None, None)``."""
    it, target = node.iter, node.target
    if not (
        isinstance(it, gast.Call)
        and low.resolve_call(it) is zip
        and not it.keywords
        and it.args
        and not any(isinstance(a, gast.Starred) for a in it.args)
        and isinstance(target, gast.Tuple)
        and len(target.elts) == len(it.args)
    ):
        return None, None
    for k, (t, a) in enumerate(zip(target.elts, it.args)):
        kind = low.static_object_kind(a)
        if (
            isinstance(t, gast.Name)
            and isinstance(kind, tuple)
            and kind[0] == "items"
            and _loop_name(low, t.id)
        ):
            others = [(u, b) for i, (u, b) in enumerate(zip(target.elts, it.args)) if i != k]
            return (a, None, t.id), others
    return None, None


def zipped_sources(low, node, others, n: int) -> list:
    """The ``(target, sequence atom)`` of the other parts of the zip, each checked when
    the code runs to have at least ``n`` items (the list of objects' length)."""
    out = []
    for t, seq in others or ():
        atom = low.atom(seq, "zipped")
        length = low.bind(low.make_call(len, [atom], [], node), "zipped_length")
        short = low.bind(
            gast.Compare(left=length, ops=[gast.Lt()], comparators=[const(n)]), "short"
        )
        message = const(
            f"zip() over {n} objects and a shorter sequence: s2sgrad made one loop body "
            "per object when it transformed the function"
        )
        error = gast.Raise(exc=call("ValueError", message), cause=None)
        low.emit(gast.If(test=short, body=[gast.copy_location(error, node)], orelse=[]), node)
        out.append((t, atom))
    return out


def bind_zipped(low, sources, j: int, node) -> None:
    """Bind the other targets of the zip to the items at ``j`` of their sequences."""
    for t, atom in sources:
        read = gast.Subscript(value=name(atom.id), slice=const(j), ctx=gast.Load())
        low.assign_to(t, read, node)
