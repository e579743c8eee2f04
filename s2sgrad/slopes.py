"""Peepholes on the slopes that rules write: drop a guard that a constant exponent makes
needless."""

from __future__ import annotations

import gast


def unguarded_slopes(bindings: dict, expr: gast.AST) -> gast.AST:
    """``power_slope(np.where(g == 0, point, x), k)`` is ``power_slope(x, k)`` for a whole
    number ``k >= 0`` (``point`` is 1.0 or ``np.where(inside, x, 1.0)``): ``k * x ** (k - 1)``
    is finite wherever ``x`` is, so the slope needs no point inside the domain where the
    sensitivity ``g`` is 0."""

    class Unguard(gast.NodeTransformer):
        def visit_Call(inner, n):
            inner.generic_visit(n)
            if (
                isinstance(n.func, gast.Name)
                and bindings.get(n.func.id) == ("helper", "power_slope")
                and len(n.args) == 2
                and isinstance(n.args[1], gast.Constant)
                and type(n.args[1].value) in (int, float)
                and n.args[1].value >= 0
                and float(n.args[1].value).is_integer()
                and _is_guard(n.args[0])
            ):
                n.args[0] = n.args[0].args[2]
            return n

    return Unguard().visit(expr)


def _is_where(node) -> bool:
    """Is ``node`` a call ``np.where(c, a, b)``?"""
    return (
        isinstance(node, gast.Call)
        and isinstance(node.func, gast.Attribute)
        and node.func.attr == "where"
        and isinstance(node.func.value, gast.Name)
        and node.func.value.id == "np"
        and len(node.args) == 3
        and not node.keywords
    )


def _is_one(node) -> bool:
    return isinstance(node, gast.Constant) and node.value == 1.0


def _is_guard(node) -> bool:
    """Is ``node`` ``np.where(g == 0, point, x)``, a rule's point inside the domain, where
    ``point`` is 1.0 or ``np.where(inside, x, 1.0)`` (``x`` itself where it is inside)?"""
    if not (
        _is_where(node)
        and isinstance(node.args[0], gast.Compare)
        and isinstance(node.args[0].ops[0], gast.Eq)
        and isinstance(node.args[0].comparators[0], gast.Constant)
        and node.args[0].comparators[0].value == 0
    ):
        return False
    point = node.args[1]
    if _is_one(point):
        return True
    return (
        _is_where(point)
        and _is_one(point.args[2])
        and gast.dump(point.args[1]) == gast.dump(node.args[2])
    )
