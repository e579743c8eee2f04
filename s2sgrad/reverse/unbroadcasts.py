"""Dropping ``unbroadcast`` where the adjoint already has the shape it is reduced to:

    s = np.sin(x)                                  (forward)
    ds = unbroadcast(dresult_mul * x, s)    ->     ds = dresult_mul * x

``unbroadcast(g, v)`` sums ``g`` over the axes ``v`` was broadcast along, and keeps the
real part of a complex ``g`` for a real ``v``. Where every operand of ``g`` is a scalar
or certainly of ``v``'s shape, nothing was broadcast and ``g`` is returned as it is, so
the call goes. Shape facts: primal names from their definitions (:class:`fold._Shapes`:
elementwise calls of one argument, arithmetic with scalars or between values of one
shape) and adjoint names assigned once from ``unbroadcast(.., v)``,
``reduce_adjoint(.., v, None, False)`` (``mean_adjoint``) or such arithmetic (each a
scalar, a zero adjoint, or of ``v``'s shape). Only where
:mod:`~s2sgrad.reverse.scalar_output` proved every value of the function a real float
or Python number (so that no adjoint is complex), and only at the top level of the
adjoint sweep (straight-line code).
"""

from __future__ import annotations

import gast

from ..optimize import PASSES
from .fold import _ARITH, _Opaque, _walk, shapes_of

_SCALAR = "<scalar>"  # the shape fact of a scalar operand


def drop_unbroadcasts(stmts: list, gen) -> list:
    """``stmts`` (the top level of the lowered adjoint sweep) with each
    ``unbroadcast(g, v)`` whose ``g`` certainly has ``v``'s shape (or is a scalar)
    replaced by ``g`` (see the module docstring); changes the statements in place."""
    proof = gen.scalar_output
    if "unbroadcast_dropping" not in PASSES or proof is None or not proof.real:
        return stmts
    bindings = gen.session.bindings.items()
    unb = {b for b, h in bindings if h == ("helper", "unbroadcast")}
    red = {
        b for b, h in bindings if h in (("helper", "reduce_adjoint"), ("helper", "mean_adjoint"))
    }
    if not unb:
        return stmts
    try:
        counts: dict[str, int] = {}
        for n in _walk(stmts):
            if isinstance(n, gast.Name) and not isinstance(n.ctx, gast.Load):
                counts[n.id] = counts.get(n.id, 0) + 1
    except _Opaque:
        return stmts
    # a restore (of a value the forward sweep saved) gives a name assigned once its value
    facts = _Facts(shapes_of(gen), unb, red, gen.adjoint_names)
    facts.adjoints[gen.adj(gen.fn.result)] = _SCALAR  # the known seed of a real scalar
    for s in stmts:
        if not isinstance(s, (gast.Assign, gast.AugAssign)):
            continue
        s.value = facts.drop(s.value)
        target = s.targets[0] if isinstance(s, gast.Assign) and len(s.targets) == 1 else None
        if isinstance(target, gast.Name) and counts.get(target.id) == 1:
            rep = facts.rep(s.value)
            if rep is not None and target.id in gen.adjoint_names:
                facts.adjoints[target.id] = rep
    return stmts


class _Facts:
    """Shape facts: ``rep(expr)`` is a name whose shape ``expr`` certainly has, or
    ``_SCALAR``, or the name of a shape ``expr`` has unless it is a scalar (see the
    module docstring); ``None`` where nothing is known."""

    def __init__(self, shapes, unb, red, adjoint_names):
        self.shapes, self.unb, self.red = shapes, unb, red
        self.adjoint_names = adjoint_names
        self.adjoints: dict[str, str] = {}

    def drop(self, node):
        """``node`` with the unbroadcasts that change nothing replaced by their argument."""
        if isinstance(node, gast.Call):
            node.args = [self.drop(a) for a in node.args]
            g = self._unbroadcast(node)
            if g is not None:
                rep = self.rep(g)
                if rep is not None and rep in (_SCALAR, self._array(node.args[1].id)):
                    return g
            return node
        for field in ("left", "right", "operand"):
            if isinstance(getattr(node, field, None), gast.expr):
                setattr(node, field, self.drop(getattr(node, field)))
        return node

    def _unbroadcast(self, node):
        if (
            isinstance(node.func, gast.Name)
            and node.func.id in self.unb
            and len(node.args) == 2
            and not node.keywords
            and isinstance(node.args[1], gast.Name)
        ):
            return node.args[0]
        return None

    def _array(self, n: str):
        """The shape representative of the primal array ``n``, if ``n`` has one value."""
        s = self.shapes
        if not s.known(n) or not s.arraylike(n):
            return None
        return s.rep(n)

    def rep(self, node):
        s = self.shapes
        if isinstance(node, gast.Constant):
            ok = isinstance(node.value, (int, float)) and not isinstance(node.value, bool)
            return _SCALAR if ok else None
        if isinstance(node, gast.Name):
            if node.id in self.adjoints:
                return self.adjoints[node.id]
            if node.id in self.adjoint_names:
                return None
            return _SCALAR if s.scalar(node) else self._array(node.id)
        if isinstance(node, gast.UnaryOp) and isinstance(node.op, (gast.USub, gast.UAdd)):
            return self.rep(node.operand)
        if isinstance(node, gast.BinOp) and isinstance(node.op, _ARITH):
            a, b = self.rep(node.left), self.rep(node.right)
            if a is None or b is None:
                return None
            return b if a == _SCALAR else a if b == _SCALAR or a == b else None
        if isinstance(node, gast.Call):
            arg = s.np_call(node)
            if arg is not None:  # an elementwise NumPy function of one argument
                return self.rep(arg)
            if self._unbroadcast(node) is not None:
                return self._array(node.args[1].id)
            if (
                isinstance(node.func, gast.Name)
                and node.func.id in self.red
                and len(node.args) == 4
                and isinstance(node.args[1], gast.Name)
                and all(isinstance(a, gast.Constant) for a in node.args[2:])
                and node.args[2].value is None
                and node.args[3].value is False
            ):
                return self._array(node.args[1].id)  # g filled to a full sum's (mean's) shape
        return None
