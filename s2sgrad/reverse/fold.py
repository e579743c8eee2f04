"""Folding the broadcast adjoint of a full reduction into the elementwise statement that
reads it, where the shapes are known statically:

    y = np.log1p(e)                        (forward)
    s = np.sum(y)
    dy = reduce_adjoint(ds, y, None, False)    ->    de = ds / (1.0 + e)
    de = dy / (1.0 + e)

``reduce_adjoint`` fills an array shaped like ``y`` with the scalar ``ds``; when the one
statement that reads ``dy`` combines it elementwise with values whose shape is ``y``'s
(here ``e``: ``np.log1p`` keeps its argument's shape) and with scalars, the scalar ``ds``
broadcasts to that same shape, and every entry is the same number as before. The shape
facts come from the primal definitions (elementwise NumPy calls of one argument, unary
minus, arithmetic with a scalar or between values of one shape); anything else keeps the
call.
"""

from __future__ import annotations

import gast

from .. import anno, rules
from ..activity import ARRAY, SCALAR
from ..optimize import PASSES
from .pseudo import Restore

_ARITH = (gast.Add, gast.Sub, gast.Mult, gast.Div, gast.Pow)


class _Shapes:
    """Which primal names of ``gen``'s function certainly have the same shape."""

    def __init__(self, gen):
        self.gen = gen
        top = {id(s) for s in gen.fn.body}
        self.values = {}
        for n, entries in gen.analysis.defs.items():
            if len(entries) == 1 and n not in gen.fn.params and n not in gen.mutated:
                value, stmt = entries[0]
                if (
                    isinstance(stmt, gast.Assign)
                    and id(stmt) in top
                    and isinstance(stmt.targets[0], gast.Name)
                ):
                    self.values[n] = value
        self.params = set(gen.fn.params) - set(gen.mutated)
        self.slopes = {b for b, h in gen.session.bindings.items() if h == ("helper", "power_slope")}
        # answers so far: a definition's operands are often one name twice (u = t * t),
        # so without them a chain of such definitions takes exponential time
        self._arraylike: dict[str, bool] = {}
        self._rep: dict[str, str] = {}

    def known(self, n: str) -> bool:
        """Is ``n`` a primal name with one value in the function (a parameter or a name
        assigned once, outside loops and branches)?"""
        return n in self.values or n in self.params

    def scalar(self, node) -> bool:
        if isinstance(node, gast.Constant):
            return isinstance(node.value, (int, float)) and not isinstance(node.value, bool)
        return (
            isinstance(node, gast.Name)
            and self.known(node.id)
            and self.gen.analysis.kinds.get(node.id) == SCALAR
        )

    def arraylike(self, n: str, depth: int = 0) -> bool:
        """Is ``n`` an array of the array library (never a list or another object whose
        arithmetic repeats or concatenates)?"""
        if n not in self._arraylike:
            self._arraylike[n] = self._is_arraylike(n, depth)
        return self._arraylike[n]

    def _is_arraylike(self, n: str, depth: int) -> bool:
        if not self.known(n):
            return False
        if self.gen.analysis.kinds.get(n) == ARRAY:
            return True
        value = self.values.get(n)
        if depth > 50 or value is None:
            return False
        if self._unary_call(value) is not None:
            return True
        if isinstance(value, gast.UnaryOp) and isinstance(value.op, gast.USub):
            return isinstance(value.operand, gast.Name) and self.arraylike(
                value.operand.id, depth + 1
            )
        if isinstance(value, gast.BinOp) and isinstance(value.op, _ARITH):
            return any(
                isinstance(o, gast.Name) and self.arraylike(o.id, depth + 1)
                for o in (value.left, value.right)
            )
        return False

    def _unary_call(self, value):
        """The argument name of an elementwise NumPy function called on one argument."""
        if not (
            isinstance(value, gast.Call)
            and len(value.args) == 1
            and not value.keywords
            and isinstance(value.args[0], gast.Name)
        ):
            return None
        prim = rules.lookup(anno.get(value, "fn", None))
        if prim is None or not prim.elementwise or not prim.path.startswith("np."):
            return None
        return value.args[0].id

    def np_call(self, node):
        """The argument (a name) of ``np.<f>(name)`` in generated code, for an elementwise
        NumPy function ``f``."""
        if not (
            isinstance(node, gast.Call)
            and isinstance(node.func, gast.Attribute)
            and isinstance(node.func.value, gast.Name)
            and node.func.value.id == "np"
            and "np" not in self.params
            and "np" not in self.gen.analysis.defs
            and len(node.args) == 1
            and not node.keywords
            and isinstance(node.args[0], gast.Name)
        ):
            return None
        prim = rules.lookup(rules.lookup_function(f"numpy.{node.func.attr}"))
        return node.args[0] if prim is not None and prim.elementwise else None

    def slope_call(self, node):
        """The first argument (a name) of ``power_slope(name, k)`` in generated code for a
        number ``k``: ``k * x ** (k - 1)`` (or ``0.0 * x``), of ``x``'s shape."""
        if not (
            isinstance(node, gast.Call)
            and isinstance(node.func, gast.Name)
            and node.func.id in self.slopes
            and len(node.args) == 2
            and not node.keywords
            and isinstance(node.args[0], gast.Name)
            and isinstance(node.args[1], gast.Constant)
            and type(node.args[1].value) in (int, float)
        ):
            return None
        return node.args[0]

    def rep(self, n: str, depth: int = 0) -> str:
        """A name whose shape is certainly ``n``'s (``n`` itself when nothing is known)."""
        if n not in self._rep:
            self._rep[n] = self._find_rep(n, depth)
        return self._rep[n]

    def _find_rep(self, n: str, depth: int) -> str:
        value = self.values.get(n)
        if depth > 50 or value is None:
            return n
        arg = self._unary_call(value)
        if arg is not None and self.known(arg):
            return self.rep(arg, depth + 1)
        if isinstance(value, gast.Name) and self.known(value.id):
            return self.rep(value.id, depth + 1)
        if (
            isinstance(value, gast.UnaryOp)
            and isinstance(value.op, gast.USub)
            and isinstance(value.operand, gast.Name)
            and self.arraylike(value.operand.id)
        ):
            return self.rep(value.operand.id, depth + 1)
        if isinstance(value, gast.BinOp) and isinstance(value.op, _ARITH):
            arrays = [o for o in (value.left, value.right) if not self.scalar(o)]
            if arrays and all(isinstance(o, gast.Name) and self.arraylike(o.id) for o in arrays):
                reps = {self.rep(o.id, depth + 1) for o in arrays}
                if len(reps) == 1:
                    return reps.pop()
        return n


def shapes_of(gen) -> _Shapes:
    """The :class:`_Shapes` of ``gen``'s function, made once (its answers are memoised)."""
    shapes = getattr(gen, "_shapes", None)
    if shapes is None:
        shapes = gen._shapes = _Shapes(gen)
    return shapes


def fold_reductions(stmts: list, gen) -> list:
    """``stmts`` (the top level of the lowered adjoint sweep) with each
    ``d = reduce_adjoint(g, x, None, False)`` read once, by a later statement at this
    level that combines it elementwise with values of ``x``'s shape and scalars,
    replaced by ``g`` in that statement (see the module docstring)."""
    if "reduction_folding" not in PASSES:
        return stmts
    helper = {b for b, h in gen.session.bindings.items() if h == ("helper", "reduce_adjoint")}
    if not helper:
        return stmts
    reads: dict[str, int] = {}
    try:
        for n in _walk(stmts):
            if isinstance(n, gast.Name) and isinstance(n.ctx, gast.Load):
                reads[n.id] = reads.get(n.id, 0) + 1
    except _Opaque:
        return stmts
    primal_of = {a: p for p, a in gen.adjoints.items()}
    shapes = None
    out = list(stmts)
    for i, s in enumerate(out):
        found = _reduce_adjoint(s, helper)
        if found is None:
            continue
        d, g, x = found
        if reads.get(d, 0) != 1 or (d in gen.wrt or d in primal_of and primal_of[d] in gen.wrt):
            continue
        if not (
            isinstance(g, gast.Constant)
            and isinstance(g.value, float)
            or isinstance(g, gast.Name)
            and gen.analysis.kinds.get(primal_of.get(g.id)) == SCALAR
        ):
            continue  # the adjoint of a value not known to be a scalar
        shapes = shapes or shapes_of(gen)
        if not shapes.arraylike(x.id):
            continue
        j = _consumer(out, i, d)
        if j is None:
            continue
        use = out[j]
        between = _stores(out[i + 1 : j])
        if between & ({x.id, d, *_loads(use.value), *_loads(g)}):
            continue
        if not _same_shape(use.value, d, shapes.rep(x.id), shapes):
            continue
        use.value = _Replace(d, g).visit(use.value)
        out[i] = None
    return [s for s in out if s is not None]


class _Opaque(Exception):
    """A pseudo-statement whose reads are not known here."""


def _walk(node):
    """The gast nodes in ``node`` (a statement, a list of them, or an expression); a
    :class:`Restore` only stores its name."""
    if isinstance(node, list):
        for n in node:
            yield from _walk(n)
    elif isinstance(node, Restore) or node is None:
        return
    elif isinstance(node, gast.AST):
        yield node
        for f in node._fields:
            v = getattr(node, f, None)
            if isinstance(v, (list, gast.AST)):
                yield from _walk(v)
    else:
        raise _Opaque


def _loads(node) -> set[str]:
    return {n.id for n in _walk(node) if isinstance(n, gast.Name) and isinstance(n.ctx, gast.Load)}


def _stores(stmts) -> set[str]:
    out = {s.var for s in stmts if isinstance(s, Restore)}
    for n in _walk(stmts):
        if isinstance(n, gast.Name) and not isinstance(n.ctx, gast.Load):
            out.add(n.id)
    return out


def _reduce_adjoint(s, helper):
    """``(d, g, x)`` of ``d = reduce_adjoint(g, x, None, False)``, else None."""
    if not (
        isinstance(s, gast.Assign)
        and len(s.targets) == 1
        and isinstance(s.targets[0], gast.Name)
        and isinstance(s.value, gast.Call)
        and isinstance(s.value.func, gast.Name)
        and s.value.func.id in helper
        and len(s.value.args) == 4
        and not s.value.keywords
    ):
        return None
    g, x, axis, keepdims = s.value.args
    if not (
        isinstance(x, gast.Name)
        and isinstance(g, (gast.Name, gast.Constant))
        and isinstance(axis, gast.Constant)
        and axis.value is None
        and isinstance(keepdims, gast.Constant)
        and keepdims.value is False
    ):
        return None
    return s.targets[0].id, g, x


def _consumer(stmts, i, d):
    """The index of the statement after ``i`` at this level that reads ``d`` (an
    assignment or an augmented assignment of a name), if ``d`` is read at this level."""
    for j in range(i + 1, len(stmts)):
        t = stmts[j]
        if t is None or d not in _loads(t):
            continue
        if isinstance(t, gast.Assign) and len(t.targets) == 1:
            target = t.targets[0]
        elif isinstance(t, gast.AugAssign):
            target = t.target
        else:
            return None
        return j if isinstance(target, gast.Name) and target.id != d else None
    return None


def _same_shape(expr, d, rep, shapes) -> bool:
    """Is ``expr`` arithmetic on ``d``, scalars and arrays of the shape of ``rep``, with at
    least one such array (so that ``d`` a scalar gives it the same shape)?"""
    found = []

    def walk(node) -> bool:
        if isinstance(node, gast.BinOp):
            return isinstance(node.op, _ARITH) and walk(node.left) and walk(node.right)
        if isinstance(node, gast.UnaryOp):
            return isinstance(node.op, (gast.USub, gast.UAdd)) and walk(node.operand)
        if isinstance(node, gast.Name) and node.id == d:
            return True
        arg = shapes.np_call(node)
        if arg is None:
            arg = shapes.slope_call(node)
        if arg is not None:  # an elementwise NumPy function of one argument: its shape
            if shapes.scalar(arg):
                return True
            if shapes.known(arg.id) and shapes.rep(arg.id) == rep:
                found.append(arg.id)
                return True
            return False
        if shapes.scalar(node):
            return True
        if isinstance(node, gast.Name) and shapes.arraylike(node.id):
            if shapes.rep(node.id) == rep:
                found.append(node.id)
                return True
        return False

    return walk(expr) and bool(found)


class _Replace(gast.NodeTransformer):
    def __init__(self, d, g):
        self.d, self.g = d, g

    def visit_Name(self, node):
        if node.id != self.d or not isinstance(node.ctx, gast.Load):
            return node
        if isinstance(self.g, gast.Name):
            return gast.Name(id=self.g.id, ctx=gast.Load(), annotation=None, type_comment=None)
        return gast.Constant(value=self.g.value, kind=None)
