"""Matrix-product adjoints as the products themselves, where the arguments' types say so:

    dw += matmul_right(dz, X, w)    ->    dw += X.T @ dz        (X 2-d, w 1-d)
    dX = matmul_left(dz, X, w)      ->    dX = w @ dz           (w 2-d, X 1-d)

``matmul_left(g, a, b)`` and ``matmul_right(g, a, b)`` (``s2sgrad.runtime.products``)
test first for the common case: ``a`` and ``b`` NumPy arrays, the matrix 2-d, the other
1-d or 2-d, and a real product; then they return ``g @ b.T`` (``b @ g`` for a 1-d ``a``)
or ``a.T @ g``, which is what replaces the call here. Only for arguments of the
function: NumPy float arrays whose number of dimensions the instance is specialised on
(``argument_type``; the call's entry tests it, ``Unit.ndims``), never assigned or
changed in place; and only where :mod:`~s2sgrad.reverse.scalar_output` proved every
value of the function real (so no adjoint is complex and the product is real).
"""

from __future__ import annotations

import gast

from ..optimize import PASSES

_HELPERS = ("matmul_left", "matmul_right")


def inline_products(stmts: list, gen) -> list:
    """``stmts`` (the lowered adjoint sweep) with each ``matmul_left``/``matmul_right``
    of such arguments replaced by its product (see the module docstring); the arguments
    whose number of dimensions it relied on go to ``gen.ndims_used``. Changes the
    statements in place."""
    proof = gen.scalar_output
    if "product_inlining" not in PASSES or proof is None or not proof.real or not proof.ndims:
        return stmts
    helpers = {b: h[1] for b, h in gen.session.bindings.items() if h[0] == "helper"}
    helpers = {b: h for b, h in helpers.items() if h in _HELPERS}
    if not helpers:
        return stmts
    fixed = set(gen.fn.params) - set(gen.analysis.defs) - set(gen.mutated)
    ndims = {p: n for p, n in proof.ndims if p in fixed}
    for s in stmts:
        if isinstance(s, gast.AST):  # not a Restore of a saved value (reverse.pseudo)
            _replace(s, helpers, ndims, gen.ndims_used)
    return stmts


def _replace(node, helpers, ndims, used) -> None:
    for field in node._fields:
        value = getattr(node, field, None)
        if isinstance(value, list):
            for i, v in enumerate(value):
                if isinstance(v, gast.AST):
                    value[i] = _product(v, helpers, ndims, used) or v
                    _replace(value[i], helpers, ndims, used)
        elif isinstance(value, gast.AST):
            new = _product(value, helpers, ndims, used)
            if new is not None:
                setattr(node, field, new)
            _replace(new or value, helpers, ndims, used)


def _product(node, helpers, ndims, used):
    """The product ``node`` (a helper call) stands for, or None."""
    if not (
        isinstance(node, gast.Call)
        and isinstance(node.func, gast.Name)
        and node.func.id in helpers
        and len(node.args) == 3
        and not node.keywords
        and all(isinstance(a, gast.Name) for a in node.args[1:])
    ):
        return None
    g, a, b = node.args
    na, nb = ndims.get(a.id), ndims.get(b.id)
    if helpers[node.func.id] == "matmul_right":
        if na != 2 or nb not in (1, 2):
            return None
        out = _matmul(_transposed(a), g)
    else:
        if nb != 2 or na not in (1, 2):
            return None
        out = _matmul(g, _transposed(b)) if na == 2 else _matmul(_name(b.id), g)
    used.update({a.id: na, b.id: nb})
    return out


def _name(n: str):
    return gast.Name(id=n, ctx=gast.Load(), annotation=None, type_comment=None)


def _transposed(n):
    return gast.Attribute(value=_name(n.id), attr="T", ctx=gast.Load())


def _matmul(left, right):
    return gast.BinOp(left=left, op=gast.MatMult(), right=right)
