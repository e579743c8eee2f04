"""Derivatives made inside the differentiated function, stored in a name and called later.

    g = grad(lambda y: np.sum(np.sin(y)))     ->    (nothing)
    return np.sum(g(x))                       ->    return np.sum(grad(lambda y: ...)(x))

A name bound once, by a statement of the function's body itself, to a transformation of a
function (``grad``, ``value_and_grad``, ``hessian``, ``jacfwd``, autograd's
``elementwise_grad``...) and read only as the callee of calls is the transformation written
at each call (a nested derivative, :mod:`s2sgrad.nested`). That is what Python does: the
function's free variables are read when it is called, not when it is made.
"""

from __future__ import annotations

import gast

from .tables import _is_transform


def stored_transforms(lowering, body) -> dict:
    """``{name: the transformation call it is bound to}`` for the names of ``body`` that
    are stored derivatives (see the module docstring)."""
    stores: dict[str, int] = {}
    reads: dict[str, list] = {}
    called: set[int] = set()
    nested_reads: set[str] = set()

    def visit(node, depth):
        if isinstance(node, gast.Call) and isinstance(node.func, gast.Name):
            called.add(id(node.func))
        if isinstance(node, gast.Name):
            if isinstance(node.ctx, gast.Load):
                reads.setdefault(node.id, []).append(node)
                if depth:
                    nested_reads.add(node.id)
            else:
                stores[node.id] = stores.get(node.id, 0) + 1
        inner = depth + isinstance(node, (gast.FunctionDef, gast.Lambda, gast.ClassDef))
        for child in gast.iter_child_nodes(node):
            visit(child, inner)

    for stmt in body:
        visit(stmt, 0)
    out = {}
    for stmt in body:
        if not (
            isinstance(stmt, gast.Assign)
            and len(stmt.targets) == 1
            and isinstance(stmt.targets[0], gast.Name)
            and isinstance(stmt.value, gast.Call)
            and stmt.value.args
            and _is_transform(lowering.resolve_call(stmt.value))
        ):
            continue
        target = stmt.targets[0].id
        uses = reads.get(target, [])
        fn = stmt.value.args[0]
        if (
            stores.get(target) == 1
            and uses
            and all(id(u) in called for u in uses)
            and target not in nested_reads
            and not (isinstance(fn, gast.Lambda) and (fn.args.defaults or fn.args.kw_defaults))
        ):
            out[target] = stmt.value
    return out
