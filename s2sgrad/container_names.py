"""The names of a function in normal form that may hold a list, tuple, dict or object
(whose adjoints are containers too, accumulated with ``add``): for the activity analysis
(:mod:`s2sgrad.activity`)."""

from __future__ import annotations

import copy

import gast

from . import anno, rules, runtime


def _containers(fn, defs, param_kinds) -> set[str]:
    """Names that may hold a list, tuple or dict (their adjoints are containers too)."""
    out = {
        p
        for p in fn.params
        if param_kinds.get(p, "unknown") == "unknown" or isinstance(param_kinds.get(p), tuple)
    }  # objects and NamedTuples may hold arrays too
    out |= {fn.vararg, fn.kwarg} - {None}
    changed = True
    while changed:
        changed = False
        for n, value, stmt in defs:
            if n in out:
                continue
            if isinstance(stmt, gast.Expr) or _makes_container(value, out):
                out.add(n)
                changed = True
    return out


_CONTAINER_MAKERS = (list, tuple, dict, runtime.tree_field, runtime.tree_node, runtime.tree_replace)
_CONTAINER_MAKERS += (runtime.outside_copy, runtime.object_with)


def _makes_container(value, containers) -> bool:
    if isinstance(value, (gast.Tuple, gast.List, gast.Dict, gast.ListComp)):
        return True
    if isinstance(value, gast.Name):
        return value.id in containers
    if isinstance(value, gast.Subscript):
        return isinstance(value.value, gast.Name) and value.value.id in containers
    if isinstance(value, gast.BinOp) and isinstance(value.op, (gast.Add, gast.Mult)):
        # list and tuple concatenation and repetition
        return any(
            isinstance(op, gast.Name) and op.id in containers for op in (value.left, value.right)
        )
    if isinstance(value, gast.Call):
        fn = anno.get(value, "fn", None)
        if fn in _CONTAINER_MAKERS:  # an object followed (outside_copy): a dict adjoint
            return True
        if fn is runtime.snapshot and len(value.args) == 1:  # a copy of the value (saves)
            return _makes_container(value.args[0], containers)
        if fn is runtime.loop_items:  # the sequence itself, or a list of a dict's keys
            return True
        if fn is copy.deepcopy:  # of a list, dict or object: one of the same structure
            return any(_makes_container(a, containers) for a in value.args[:1])
        return rules.lookup(fn) is None and not rules.is_nondifferentiable(fn)
    return False
