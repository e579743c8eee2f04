"""What an ``__init__`` sets its attributes to, read from its source: a call of a class
(``self.bn = BN()``), a display or comprehension of such calls (``self.layers =
[Dense(W), Tanh()]``), a parameter (``self.layers = layers``) or a function read from a
free name (``self.act = np.tanh``); for the kinds of objects made in the function
(:func:`~.records.made_kind`)."""

from __future__ import annotations

import gast

from ..errors import TransformError
from ..parsing import parse_function
from ..syntax import walk


def _chain(node, local):
    """``("mod", "Cls")`` for ``mod.Cls`` rooted at a name not in ``local``; else None."""
    if isinstance(node, gast.Attribute):
        base = _chain(node.value, local)
        return None if base is None else base + (node.attr,)
    if isinstance(node, gast.Name) and node.id not in local:
        return (node.id,)
    return None


def _field_chains(init) -> tuple:
    """``(attr, how, chains)`` for each attribute the ``__init__`` ``init`` sets once, to
    ``Cls(...)`` (``"call"``, the chain of ``Cls``), a list or tuple display of such calls
    (``"items"``, the container type then the chains) or a function read from a free
    name (``"function"``)."""
    try:
        node, _ = parse_function(init)
    except TransformError:
        return ()
    me = (node.args.posonlyargs + node.args.args)[0].id if node.args.args else None
    walked = list(walk(gast.Module(body=node.body, type_ignores=[])))
    local = {n.id for n in walked if isinstance(n, gast.Name) and not isinstance(n.ctx, gast.Load)}
    local |= {a.id for a in node.args.posonlyargs + node.args.args + node.args.kwonlyargs}
    sets = [
        n
        for n in walked
        if isinstance(n, gast.Attribute)
        and not isinstance(n.ctx, gast.Load)
        and isinstance(n.value, gast.Name)
        and n.value.id == me
    ]
    params = [a.id for a in node.args.posonlyargs + node.args.args + node.args.kwonlyargs]
    stores = {n.id for n in walked if isinstance(n, gast.Name) and isinstance(n.ctx, gast.Store)}
    out = []
    for target, value in _attribute_pairs(walked):  # self.a = v; self.a, self.b = v, w
        if not (target in sets and sum(1 for s in sets if s.attr == target.attr) == 1):
            continue
        attr = target.attr
        if isinstance(value, gast.Name) and value.id in params[1:] and value.id not in stores:
            out.append((attr, "parameter", (value.id,)))  # self.act = act: the caller's
        elif isinstance(value, gast.Call) and _chain(value.func, local) is not None:
            out.append((attr, "call", _chain(value.func, local)))
        elif (
            isinstance(value, gast.ListComp)
            and isinstance(value.elt, gast.Call)
            and _chain(value.elt.func, local) is not None
        ):  # self.layers = [Dense(m, n) for m, n in ...]: each item of one class
            out.append((attr, "each", _chain(value.elt.func, local)))
        elif isinstance(value, (gast.List, gast.Tuple)) and value.elts:
            chains = [
                _chain(e.func, local) if isinstance(e, gast.Call) else None for e in value.elts
            ]
            if all(c is not None for c in chains):
                kind = list if isinstance(value, gast.List) else tuple
                out.append((attr, "items", (kind, *chains)))
        elif _chain(value, local) is not None:
            out.append((attr, "function", _chain(value, local)))
    return tuple(sorted(out, key=lambda f: f[0]))


def _attribute_pairs(walked):
    """``(target, value)`` of the assignments ``t = v`` and ``t1, t2 = v1, v2`` among the
    nodes ``walked``."""
    for n in walked:
        if not (isinstance(n, gast.Assign) and len(n.targets) == 1):
            continue
        t, v = n.targets[0], n.value
        if isinstance(t, gast.Tuple) and isinstance(v, gast.Tuple) and len(t.elts) == len(v.elts):
            yield from zip(t.elts, v.elts)
        else:
            yield t, v
