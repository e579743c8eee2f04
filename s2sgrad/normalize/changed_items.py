"""Loops over lists of objects whose methods change them (``self.layer_input = X`` in a
``forward``): each item is followed as a new value (:mod:`.self_changes`) and put back
into a copy of the list, which the list's name (or attribute) is bound to after the loop:

    for layer in self.layers:         layers_items = list(self.layers)
        X = layer.forward(X)          for index in range(...):
                                          layer = layers_items[index]
                                          forward_returned = ...(layer, X)
                                          layer = forward_returned[1]
                                          X = forward_returned[0]
                                          layers_items[index] = layer
                                      self = object_with(self, 'layers', layers_items)

Python changes the objects in place, so any other name for the list or for one of its
items would see the change; s2sgrad's new values would leave such a name behind. So the
list must be a local made here of new objects (``[Dense(W), Tanh()]``), or an attribute
of an object followed as a new value, read through that object only (the checks of
:func:`check_list_uses` and :func:`~.self_changes.check_plain_uses`).
"""

from __future__ import annotations

import gast

from .. import anno
from ..errors import UnsupportedSyntaxError
from ..syntax import assign, clone, name, walk
from .changed import own_nodes
from .records import store_attribute
from .self_changes import _changes_at, _followed


def changed_items(body, items) -> list:
    """The ``(item, sequence, class)`` of ``items`` (the items of a loop over lists of
    objects, with their sequence's node and class) that ``body`` changes: it calls a
    method changing the item, or assigns one of its attributes."""
    return [
        (item, seq, cls)
        for item, seq, cls in items
        if any(_changes_at(n, cls, item, set()) for n in own_nodes(body))
    ]


def begin(low, node, body, item_kinds) -> dict:
    """Before the loop ``node`` over lists of objects (``item_kinds``: ``(item, sequence,
    kind)``) whose ``body`` changes items (:func:`changed_items`): check where each such
    list comes from, emit ``copy = list(seq)`` and follow the item; ``{item: (copy name,
    sequence)}``."""
    out = {}
    for item, seq, _ in changed_items(body, [(i, s, k[1]) for i, s, k in item_kinds]):
        check_list_source(low, node, seq)
        copy = low.fresh(f"{_base(seq)}_items")
        listed = gast.copy_location(gast.Call(func=name("list"), args=[seq], keywords=[]), seq)
        given = [low.atom(clone(seq), _base(seq))]
        low.emit(assign(copy, low.make_call(list, given, [], listed)), node)
        low.locals.add(copy)
        low.followed.add(item)
        low.changed_items.add(item)
        out[item] = (copy, seq)
    return out


def put_back(copies: dict, item: str, index, own: str | None = None) -> gast.stmt:
    """``copy[index] = item`` (or ``own``, the item's name in an unrolled body): the
    item, changed, back in its place in the copy."""
    copy = copies[item][0]
    target = gast.Subscript(value=name(copy), slice=index, ctx=gast.Store())
    return gast.Assign(targets=[target], value=name(own or item), type_comment=None)


def end(low, node, copies: dict) -> None:
    """After the loop: bind each list's name (``layers = layers_items``) or attribute
    (``self = object_with(self, 'layers', layers_items)``) to its copy."""
    for copy, seq in copies.values():
        if isinstance(seq, gast.Name):
            rebound = gast.copy_location(assign(seq.id, name(copy)), node)
            anno.set(rebound, "inplace", ".forward() of its items")  # validate: no aliases
            low.emit(rebound, node)
        else:
            target = gast.copy_location(
                gast.Attribute(value=name(seq.value.id), attr=seq.attr, ctx=gast.Store()), seq
            )
            store_attribute(low, target, name(copy), node)
            for stmt in low.out[-2:]:  # self_with_layers = object_with(self, 'layers', ...)
                if isinstance(stmt, gast.Assign) and isinstance(stmt.value, gast.Call):
                    anno.set(stmt.value, "same_kind", True)


def unroll_changing(low, node, loop) -> None:
    """The loop ``node`` over a list of objects of several classes (``loop``: see
    ``object_loop`` of :class:`~.kinds.ObjectKinds`), unrolled, each item put back into
    a copy of the list where the body changes it."""
    it, _, target, kind, _ = loop
    copies = begin(low, node, node.body, [(target, it, k) for k in kind[2]][:1])
    put = (lambda own, k: put_back(copies, target, k, own)) if copies else None
    low.unroll_objects(node, loop, put)
    end(low, node, copies)


def check_list_source(low, node, seq) -> None:
    """The list a loop changes the items of is a local of the function made of new
    objects here, or an attribute of an object the function follows."""
    if isinstance(seq, gast.Name) and seq.id in low.locals and seq.id not in low.own_params:
        defs = low.assigned_values.get(seq.id, ())
        if defs and all(_new_objects(v) for v in defs):
            check_list_uses(low, node, seq.id)
            return
    elif (
        isinstance(seq, gast.Attribute)
        and isinstance(seq.value, gast.Name)
        and _followed(low, seq.value)
    ):
        owner = seq.value.id
        for n in walk(gast.Module(body=node.body, type_ignores=[])):
            if isinstance(n, gast.Name) and n.id == owner:  # the list, before it is put back
                raise low.info.error(
                    n,
                    f"the loop changes the objects of {owner}.{seq.attr}, which it puts "
                    f"back when it ends: {owner} read in its body would see them as they "
                    "were before",
                    f"read {owner} after the loop, or keep what the body needs in a local",
                    UnsupportedSyntaxError,
                )
        return
    raise low.info.error(
        seq,
        "the loop changes the objects of this list through their methods, and Python "
        "changes them in place: every other name for the list or its items would see "
        "the change, which s2sgrad follows only in a list made here of new objects "
        "or in an attribute of an object it follows",
        "make the list in the function ([Dense(W1), Tanh()]), or in the __init__ of "
        "the object that holds it (self.layers = [Dense(W1), Tanh()])",
        UnsupportedSyntaxError,
    )


def check_list_uses(low, loop, var: str) -> None:
    """``var`` (a list whose items ``loop`` changes) is read only by loops over it, by
    ``len(var)`` and for attributes of its items (``var[0].W``), and not inside ``loop``."""
    inside = {id(n) for n in walk(gast.Module(body=loop.body, type_ignores=[]))}
    parents = {}
    for n in walk(gast.Module(body=low.source_body, type_ignores=[])):
        for child in gast.iter_child_nodes(n):
            parents[child] = n
    for n, parent in parents.items():
        if not (isinstance(n, gast.Name) and n.id == var and isinstance(n.ctx, gast.Load)):
            continue
        iterated = isinstance(parent, gast.For) and parent.iter is n
        if isinstance(parent, gast.Call) and parent.args and parent.args[0] is n:
            grand = parents.get(parent)
            iterated = isinstance(grand, gast.For) and grand.iter is parent  # enumerate(xs)
        item_read = (
            isinstance(parent, gast.Subscript)
            and isinstance(parents.get(parent), gast.Attribute)
            and isinstance(parent.slice, gast.Constant)
        )
        length = (
            isinstance(parent, gast.Call)
            and isinstance(parent.func, gast.Name)
            and parent.func.id == "len"
        )
        if id(n) not in inside and (iterated or item_read or length):
            continue
        raise low.info.error(
            n,
            f"{var} holds objects a loop changes through their methods, and a second name "
            "for the list or an item of it would keep them as they were before the change",
            f"loop over {var}, read attributes of its items ({var}[0].W) or len({var})",
            UnsupportedSyntaxError,
        )


def _new_objects(value) -> bool:
    """A display or comprehension of calls (``[Dense(W), Tanh()]``): new objects."""
    if isinstance(value, (gast.List, gast.Tuple)):
        return bool(value.elts) and all(isinstance(e, gast.Call) for e in value.elts)
    return isinstance(value, gast.ListComp) and isinstance(value.elt, gast.Call)


def _base(seq) -> str:
    return seq.id if isinstance(seq, gast.Name) else seq.attr
