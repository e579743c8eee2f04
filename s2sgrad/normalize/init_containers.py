"""Containers an ``__init__`` fills in (of an object made in the differentiated
function): the attribute is a local variable until the end of the ``__init__``.

    self.offsets = {}                         offsets_made = {}
    for name, shape in SHAPES.items():   ->   for name, shape in SHAPES.items():
        self.offsets[name] = (a, b)               offsets_made[name] = (a, b)
                                              self.offsets = offsets_made

A local list or dict is followed through its changes (item stores, ``append``), an
attribute of the object being made is not; the rewrite applies only where nothing else
can see the attribute before the end: ``self`` itself is read only as the base of
attributes or in ``type(self)`` (no ``self.method()``, no ``f(self)``) and only for
attributes the ``__init__`` sets or constants of the class (``self.SHAPES``; no property,
whose code could read the attribute), the attribute is bound once, at the top level of
the body, to a new list or dict, and the ``__init__`` has no ``return``.
"""

from __future__ import annotations

import gast

from ..syntax import names_in, walk


def _new_container(value) -> bool:
    return isinstance(value, (gast.List, gast.Dict)) or (
        isinstance(value, gast.Call)
        and isinstance(value.func, gast.Name)
        and value.func.id in ("list", "dict")
        and not value.args
        and not value.keywords
    )


def _self_attr(node, me: str, attr: str | None = None) -> bool:
    return (
        isinstance(node, gast.Attribute)
        and isinstance(node.value, gast.Name)
        and node.value.id == me
        and (attr is None or node.attr == attr)
    )


def _class_constant(cls, attr: str) -> bool:
    """Is ``attr`` a plain value of ``cls`` or a base (no descriptor, whose reading runs
    code)?"""
    if cls is None:
        return False
    for c in getattr(cls, "__mro__", ()):
        if c is not object and attr in vars(c):
            return not hasattr(type(vars(c)[attr]), "__get__")
    return False


def localise_self_containers(fn: gast.FunctionDef, me: str, cls=None) -> None:
    """Rewrite ``fn`` (an ``__init__`` whose first parameter is ``me``, an object of
    ``cls`` where known) in place."""
    module = gast.Module(body=fn.body, type_ignores=[])
    nodes = list(walk(module))
    if any(isinstance(n, (gast.Return, gast.FunctionDef, gast.Lambda)) for n in nodes):
        return
    bases = {id(n.value) for n in nodes if _self_attr(n, me)}
    bases |= {  # type(self).SIZES: the class, which holds no attribute of the object
        id(n.args[0])
        for n in nodes
        if isinstance(n, gast.Call)
        and isinstance(n.func, gast.Name)
        and n.func.id == "type"
        and len(n.args) == 1
        and not n.keywords
    }
    if any(
        isinstance(n, gast.Name) and n.id == me and id(n) not in bases for n in nodes
    ):  # self passed on or its methods called: they could read the attribute
        return
    if any(isinstance(n, gast.Call) and _self_attr(n.func, me) for n in nodes):
        return  # self.setup(): a method could read the attribute
    stores: dict[str, list] = {}
    for n in nodes:
        if _self_attr(n, me) and isinstance(n.ctx, gast.Store):
            stores.setdefault(n.attr, []).append(n)
    if any(
        _self_attr(n, me)
        and n.attr not in stores
        and n.attr != "__class__"
        and not _class_constant(cls, n.attr)
        for n in nodes
    ):
        return  # self.scale of a property, or of a base's __init__: it could read the attribute
    top = {
        s.targets[0].attr: s
        for s in fn.body
        if isinstance(s, gast.Assign)
        and len(s.targets) == 1
        and _self_attr(s.targets[0], me)
        and _new_container(s.value)
    }
    taken = names_in(fn)
    for attr, stmt in top.items():
        if len(stores.get(attr, [])) != 1:
            continue
        local = f"{attr}_made"
        while local in taken:
            local += "_"
        taken.add(local)
        _rename(fn.body, me, attr, local)
        end = gast.Assign(
            targets=[
                gast.Attribute(
                    value=gast.Name(id=me, ctx=gast.Load(), annotation=None, type_comment=None),
                    attr=attr,
                    ctx=gast.Store(),
                )
            ],
            value=gast.Name(id=local, ctx=gast.Load(), annotation=None, type_comment=None),
            type_comment=None,
        )
        for n in walk(end):
            gast.copy_location(n, stmt)
        fn.body.append(end)


def _rename(body, me: str, attr: str, local: str) -> None:
    class Rename(gast.NodeTransformer):
        def visit_Attribute(self, node):
            if _self_attr(node, me, attr):
                new = gast.Name(id=local, ctx=node.ctx, annotation=None, type_comment=None)
                return gast.copy_location(new, node)
            return self.generic_visit(node)

    for i, s in enumerate(body):
        body[i] = Rename().visit(s)
