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

Arguments with no axis of length 1 ("full": ``argument_type``; the call's entry tests
``1 not in a.shape`` and ``a.ndim``, ``Unit.full``) add facts: two full arrays of one
ndim broadcast only when their shapes are equal, so ``t = a * b`` of such arrays has
their shape (the forward sweep computes it: an array-array operation is never dropped),
and a product of full 2-d and 1-d or 2-d arrays is full (:class:`_Classes`)::

    z = X @ w; t = -y * z           (forward: y, X, w full; t, y, z one shape)
    dz = unbroadcast(dt * t, z)     ->     dz = dt * t
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
    shapes = shapes_of(gen)
    facts = _Facts(shapes, unb, red, gen.adjoint_names, _Classes(gen, shapes))
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
    for p, full in facts.classes.used:  # what the dropped calls relied on: the entry tests it
        gen.ndims_used[p] = facts.classes.ndims[p]
        if full:
            gen.full_used.add(p)
    return stmts


class _Classes:
    """Primal names of certainly one shape (a union-find), from :class:`fold._Shapes`'
    representatives and the facts of full arguments (see the module docstring):
    ``same(a, b)``; ``used``, the arguments the dropped calls relied on (``rely``)."""

    def __init__(self, gen, shapes):
        proof = gen.scalar_output
        fixed = set(gen.fn.params) - set(gen.analysis.defs) - set(gen.mutated)
        self.ndims = dict(proof.ndims)
        self.parent: dict[str, str] = {}
        self.ndim: dict[str, int] = {}  # root -> ndim, for a class of full arrays
        self.deps: dict[str, frozenset] = {}  # root -> the full arguments its unions took
        self.used: set[str] = set()
        for p in proof.full & fixed:  # deps: (argument, whether its fullness counts)
            self.ndim[p], self.deps[p] = self.ndims[p], frozenset([(p, True)])
        for st in gen.fn.body:
            if isinstance(st, gast.Assign) and isinstance(st.targets[0], gast.Name):
                n = st.targets[0].id
                if len(st.targets) == 1 and shapes.values.get(n) is st.value:
                    self._define(n, st.value, shapes)

    def find(self, n: str) -> str:
        while n in self.parent:
            n = self.parent[n]
        return n

    def _union(self, a: str, b: str, deps=frozenset()) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[rb] = ra
            if rb in self.ndim:
                self.ndim.setdefault(ra, self.ndim[rb])
        merged = self.deps.get(ra, frozenset()) | self.deps.get(rb, frozenset()) | deps
        if merged:
            self.deps[ra] = merged

    def _full(self, node):
        return self.ndim.get(self.find(node.id)) if isinstance(node, gast.Name) else None

    def _define(self, n: str, value, shapes) -> None:
        rep = shapes.rep(n)
        if rep != n:
            self._union(rep, n)  # certainly one shape, whatever the arguments' shapes
        if not isinstance(value, gast.BinOp) or shapes.scalar(value.left):
            return
        if shapes.scalar(value.right):
            return
        ka, kb = self._full(value.left), self._full(value.right)
        if ka is None or kb is None:
            return
        da = self.deps.get(self.find(value.left.id), frozenset())
        db = self.deps.get(self.find(value.right.id), frozenset())
        if isinstance(value.op, gast.MatMult):
            k = {(2, 1): 1, (1, 2): 1, (2, 2): 2}.get((ka, kb))
            if k is not None and self.find(n) == n and n not in self.ndim:
                # shape (a.shape[0],), (b.shape[1],) or both: the other side by its ndim
                da = da if ka == 2 else frozenset((p, False) for p, _ in da)
                db = db if (ka, kb) != (2, 1) else frozenset((p, False) for p, _ in db)
                self.ndim[n], self.deps[n] = k, da | db
        elif isinstance(value.op, _ARITH) and ka == kb:
            self._union(value.left.id, n, da | db)
            self._union(value.left.id, value.right.id)

    def full(self, n: str) -> str | None:
        """``n`` where it is an array of a class of full arrays (a product's value)."""
        return n if self.find(n) in self.ndim else None

    def same(self, a: str, b: str) -> bool:
        return self.find(a) == self.find(b)

    def rely(self, n: str) -> None:
        """A call went on ``n``'s class being one shape: the full arguments it took are
        used (every class equality an answer went through is within that class)."""
        self.used |= self.deps.get(self.find(n), frozenset())


class _Facts:
    """Shape facts: ``rep(expr)`` is a name whose shape ``expr`` certainly has, or
    ``_SCALAR``, or the name of a shape ``expr`` has unless it is a scalar (see the
    module docstring); ``None`` where nothing is known."""

    def __init__(self, shapes, unb, red, adjoint_names, classes):
        self.shapes, self.unb, self.red, self.classes = shapes, unb, red, classes
        self.adjoint_names = adjoint_names
        self.adjoints: dict[str, str] = {}

    def drop(self, node):
        """``node`` with the unbroadcasts that change nothing replaced by their argument."""
        if isinstance(node, gast.Call):
            node.args = [self.drop(a) for a in node.args]
            g = self._unbroadcast(node)
            if g is not None:
                v = node.args[1].id
                rep, target = self.rep(g), self._array(v) or self.classes.full(v)
                if rep is not None and rep in (_SCALAR, target):
                    return g
                if rep is not None and target is not None and self.classes.same(rep, target):
                    self.classes.rely(target)
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
            if a == _SCALAR or b == _SCALAR or a == b:
                return b if a == _SCALAR else a
            return a if self.classes.same(a, b) else None
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
