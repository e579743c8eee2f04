"""NamedTuple classes made inside the function: ``P = namedtuple("P", ["w", "b"])`` bound
once, or ``namedtuple("P", "w b")(x, y)`` called at once, with literal arguments.

The class is made again when the transformation runs, from the same literal arguments,
as a model of the one the code makes: its fields decide how ``P(x, y)`` and ``p.w`` are
lowered (``tree_node(P, ('w', 'b'), x, y)``, ``p[0]``), as for a NamedTuple class of the
module. The generated code still makes its own class, as written, and builds the objects
from it::

    P = namedtuple("P", ["w", "b"])    ->    P = namedtuple('P', ['w', 'b'])
    p = P(x[:2], x[2:])                       p = tree_node(P, ('w', 'b'), p_item, p_item_2)
    y = p.w * p.b                             y_item = p[0] ...
"""

from __future__ import annotations

import collections
import typing

import gast

from ..parsing import _MISSING
from ..syntax import walk


def local_namedtuples(lowering, body, stores: dict) -> dict:
    """``{name: class}`` for the locals bound once, by ``name = namedtuple(...)``, to a
    class :func:`namedtuple_model` can make."""
    out = {}
    for node in walk(gast.Module(body=body, type_ignores=[])):
        if (
            isinstance(node, gast.Assign)
            and len(node.targets) == 1
            and isinstance(node.targets[0], gast.Name)
            and stores.get(node.targets[0].id) == 1
        ):
            model = namedtuple_model(lowering, node.value)
            if model is not None:
                out[node.targets[0].id] = model
    return out


def local_tree_class(lowering, func):
    """The model class of the NamedTuple class ``func`` names or makes (``P`` of ``P =
    namedtuple(...)``, or ``namedtuple(...)`` itself); else None."""
    if isinstance(func, gast.Name):
        return lowering.local_trees.get(func.id)
    return namedtuple_model(lowering, func)


def namedtuple_model(lowering, node):
    """The class ``collections.namedtuple(name, fields, rename=..., defaults=...)`` or
    ``typing.NamedTuple(name, [(field, type), ...])`` (the call ``node``) makes, made
    from its arguments where they are literals (a type: a name known when transforming);
    else None."""
    if not isinstance(node, gast.Call) or any(isinstance(a, gast.Starred) for a in node.args):
        return None
    fn = lowering.free_value(node.func)
    if fn is collections.namedtuple:
        return _namedtuple(lowering, node)
    if fn is typing.NamedTuple and len(node.args) == 2 and not node.keywords:
        return _typed(lowering, node)
    return None


def _namedtuple(lowering, node):
    params = ("typename", "field_names")
    given = dict(zip(params, node.args))
    for k in node.keywords:
        if k.arg not in params + ("rename", "defaults", "module") or k.arg in given:
            return None
        given[k.arg] = k.value
    if len(node.args) > 2 or set(params) - set(given):
        return None
    values = {k: _literal(v) for k, v in given.items() if k != "module"}
    if any(v is _NOT_LITERAL for v in values.values()):
        return None
    try:
        return collections.namedtuple(**values, module=lowering.info.globals.get("__name__"))
    except (TypeError, ValueError):
        return None  # the code raises it as it runs


def _typed(lowering, node):
    name, fields = _literal(node.args[0]), node.args[1]
    if not isinstance(name, str) or not isinstance(fields, (gast.List, gast.Tuple)):
        return None
    items = []
    for f in fields.elts:
        if not (isinstance(f, gast.Tuple) and len(f.elts) == 2):
            return None
        field, hint = _literal(f.elts[0]), lowering.free_value(f.elts[1])
        if not isinstance(field, str) or hint is _MISSING:
            return None
        items.append((field, hint))
    try:
        made = typing.NamedTuple(name, items)
    except (TypeError, ValueError):
        return None
    made.__module__ = lowering.info.globals.get("__name__")
    return made


_NOT_LITERAL = object()


def _literal(node):
    """The value of a constant, or of a list or tuple of constants; else _NOT_LITERAL."""
    if isinstance(node, gast.Constant):
        return node.value
    if isinstance(node, (gast.List, gast.Tuple)):
        items = [_literal(e) for e in node.elts]
        if any(v is _NOT_LITERAL for v in items):
            return _NOT_LITERAL
        return items if isinstance(node, gast.List) else tuple(items)
    return _NOT_LITERAL
