"""Clean-up passes on generated code: constant folding and dead-code elimination.

dx = dy * 2 * x ** (2 - 1)    ->   dx = dy * 2 * x
da = 0.0                       ->   (removed: overwritten before it is read)
da = dh * (1.0 - h * h)             da = dh * (1.0 - h * h)
"""

from __future__ import annotations

import operator

import gast

from .errors import TransformError
from .syntax import loads_in, stores_in, walk

# passes that are on, and those switched off by pipeline.disabled (tests compare the code
# with and without each)
PASSES = {
    "activity",
    "buffer_reuse",  # elementwise results into dead operands' buffers (reverse.buffers)
    "constant_folding",
    "copy_propagation",
    "dead_code",
    "product_inlining",  # matmul adjoints of arguments of known ndims: products (reverse.products)
    "reduction_folding",
    "unbroadcast_dropping",  # unbroadcast of an adjoint of the shape already (reverse.unbroadcasts)
    "value_free",  # grad skips the value where its type is proven (reverse.scalar_output)
}
OFF: set[str] = set()


def rounds(what: str, limit: int = 100):
    """The rounds of a fixpoint iteration (``for _ in rounds(...): ... break`` once nothing
    changes): one that still changes after ``limit`` rounds raises, rather than leave a
    result that is not a fixed point."""
    yield from range(limit)
    raise TransformError(
        f"internal error: {what} did not reach a fixed point in {limit} rounds",
        hint="please report the function to the s2sgrad issues",
    )


_FOLD = {
    gast.Add: operator.add,
    gast.Sub: operator.sub,
    gast.Mult: operator.mul,
    gast.Div: operator.truediv,
    gast.Pow: operator.pow,
}
_IMPURE_METHODS = {"pop", "append", "extend", "insert", "setdefault", "update"}
_IMPURE_HELPERS = {"add_at", "pop_adjoint", "output_seed", "put_back"}


def _num(node):
    return (
        isinstance(node, gast.Constant)
        and isinstance(node.value, (int, float))
        and not isinstance(node.value, bool)
    )


def _is(node, value) -> bool:
    return _num(node) and node.value == value


class _Simplify(gast.NodeTransformer):
    def visit_BinOp(self, node):
        self.generic_visit(node)
        left, right, op = node.left, node.right, type(node.op)
        if _num(left) and _num(right) and op in _FOLD:
            try:
                return gast.Constant(value=_FOLD[op](left.value, right.value), kind=None)
            except (ArithmeticError, ValueError):
                return node
        if op is gast.Pow and _is(right, 1):
            return left
        if op is gast.Mult and _is(right, 1):
            return left
        if op is gast.Mult and _is(left, 1):
            return right
        if op is gast.Div and _is(right, 1):
            return left
        return node

    def visit_UnaryOp(self, node):
        self.generic_visit(node)
        if isinstance(node.op, gast.USub):
            if _num(node.operand):
                return gast.Constant(value=-node.operand.value, kind=None)
            inner = node.operand
            if isinstance(inner, gast.UnaryOp) and isinstance(inner.op, gast.USub):
                return inner.operand
        return node


def fold_constants(node):
    """``2.0 ** 1`` -> ``2.0``: only operations on two numeric constants (safe on user
    code, where ``x * 1`` must stay a copy of ``x``)."""
    if "constant_folding" not in PASSES:
        return node
    if (
        isinstance(node, gast.BinOp)
        and _num(node.left)
        and _num(node.right)
        and type(node.op) in _FOLD
    ):
        try:
            return gast.Constant(
                value=_FOLD[type(node.op)](node.left.value, node.right.value), kind=None
            )
        except (ArithmeticError, ValueError, OverflowError):
            return node
    return node


def simplify(node):
    """Fold constants and drop multiplications by one in ``node``."""
    if "constant_folding" not in PASSES:
        return node
    return _Simplify().visit(node)


def _pure(node) -> bool:
    for n in walk(node):
        if isinstance(n, gast.Call):
            f = n.func
            if isinstance(f, gast.Attribute) and f.attr in _IMPURE_METHODS:
                return False
            if isinstance(f, gast.Name) and f.id in _IMPURE_HELPERS:
                return False
        if isinstance(n, (gast.Yield, gast.Await, gast.NamedExpr)):
            return False
    return True


def _stores(node) -> set[str]:
    return stores_in(node)


def eliminate_dead_code(stmts, keep=frozenset(), removable=lambda name: False, held=None):
    """Remove assignments to ``removable`` names that are never read afterwards; a
    statement that reads a name in ``held`` (a pullback) also reads the names it holds."""
    if "dead_code" not in PASSES:
        return stmts
    out, _ = _block(stmts, set(keep), removable, held or {})
    return out


def _block(stmts, live, removable, held):
    out = []
    for s in reversed(stmts):
        s, live = _stmt(s, live, removable, held)
        if s is not None:
            out.append(s)
    out.reverse()
    return out, live


def _target_var(s):
    if isinstance(s, gast.Assign) and len(s.targets) == 1:
        t = s.targets[0]
        if isinstance(t, gast.Name):
            return t.id, True
        if isinstance(t, gast.Subscript) and isinstance(t.value, gast.Name):
            return t.value.id, False
    if isinstance(s, gast.AugAssign):
        t = s.target
        if isinstance(t, gast.Name):
            return t.id, False
        if isinstance(t, gast.Subscript) and isinstance(t.value, gast.Name):
            return t.value.id, False
    if isinstance(s, gast.Expr) and isinstance(s.value, gast.Call):
        f = s.value.func
        if (
            isinstance(f, gast.Name)
            and f.id == "add_at"
            and s.value.args
            and isinstance(s.value.args[0], gast.Name)
        ):
            return s.value.args[0].id, False
    return None, False


def _try_live(s, live, removable, held):
    """Names live at the start of ``s``'s handlers (an exception may reach one from any
    point of the body: none of them is removable there), and the body's ``removable``."""
    handlers = set()
    for h in s.handlers:
        handlers |= _live_in(h.body, set(live), removable, held)
        if h.type is not None:
            handlers |= set(loads_in(h.type))
    return handlers, lambda n: removable(n) and n not in handlers


def _stmt(s, live, removable, held):
    if isinstance(s, gast.Try):
        handlers, inner = _try_live(s, live, removable, held)
        for h in s.handlers:
            h.body = _block(h.body, set(live), removable, held)[0] or [gast.Pass()]
        body, lb = _block(s.body, set(live) | handlers, inner, held)
        s.body = body or [gast.Pass()]
        return s, lb | handlers
    if isinstance(s, gast.If):
        body, lb = _block(s.body, set(live), removable, held)
        orelse, lo = _block(s.orelse, set(live), removable, held)
        if not body and not orelse and _pure(s.test):
            return None, live
        s.body = body or [gast.Pass()]
        s.orelse = orelse
        return s, lb | lo | set(loads_in(s.test))
    if isinstance(s, (gast.For, gast.While)):
        head = set(loads_in(s.iter if isinstance(s, gast.For) else s.test))
        loop_live = set(live) | head
        for _ in rounds("the names live in a loop"):
            inside = _live_in(s.body, set(loop_live), removable, held)
            new = set(live) | inside | head
            if new == loop_live:
                break
            loop_live = new
        body, inside = _block(s.body, set(loop_live), removable, held)
        if (
            not body
            and isinstance(s, gast.For)
            and not s.orelse
            and _pure(s.iter)
            and all(removable(n) and n not in live for n in stores_in(s.target))
        ):
            return None, live  # for index in reversed(index_range): pass
        s.body = body or [gast.Pass()]
        return s, loop_live
    var, full = _target_var(s)
    if var is not None and removable(var) and var not in live:
        value = s.value
        if _pure(value) and (not isinstance(s, gast.Expr) or True):
            return None, live
    defs = _stores(s) if full else set()
    if isinstance(s, (gast.FunctionDef,)):
        return s, live | _reads(s, held)
    return s, (live - defs) | _reads(s, held)


def _live_in(stmts, live, removable, held):
    """Names live before ``stmts`` given ``live`` after them (nothing is changed)."""
    for s in reversed(stmts):
        if isinstance(s, gast.Try):
            handlers, inner = _try_live(s, live, removable, held)
            live = _live_in(s.body, set(live) | handlers, inner, held) | handlers
            continue
        if isinstance(s, gast.If):
            live = (
                _live_in(s.body, set(live), removable, held)
                | _live_in(s.orelse, set(live), removable, held)
                | set(loads_in(s.test))
            )
            continue
        if isinstance(s, (gast.For, gast.While)):
            head = set(loads_in(s.iter if isinstance(s, gast.For) else s.test))
            loop_live = set(live) | head
            for _ in rounds("the names live in a loop"):
                new = set(live) | _live_in(s.body, set(loop_live), removable, held) | head
                if new == loop_live:
                    break
                loop_live = new
            live = loop_live
            continue
        var, full = _target_var(s)
        if var is not None and removable(var) and var not in live and _pure(s.value):
            continue
        defs = _stores(s) if full else set()
        live = (live - defs) | _reads(s, held)
    return live


def _reads(s, held):
    """The names ``s`` reads, with those the pullbacks it calls hold."""
    reads = set(loads_in(s))
    for held_names in [held[n] for n in reads if n in held]:
        reads |= held_names
    return reads


class _Rename(gast.NodeTransformer):
    def __init__(self, mapping):
        self.mapping = mapping

    def visit_Name(self, node):
        if isinstance(node.ctx, gast.Load) and node.id in self.mapping:
            return gast.Name(
                id=self.mapping[node.id], ctx=node.ctx, annotation=None, type_comment=None
            )
        return node


def propagate_copies(stmts, removable=lambda name: False):
    """Replace reads of ``a`` by ``b`` after ``a = b`` while neither changes.

    da = dh                     ->   dx = dh * 2
    dx = da * 2
    """
    if "copy_propagation" not in PASSES:
        return stmts
    out, _ = _copies_block(stmts, {}, removable)
    return out


def _forget(mapping, names):
    for k in list(mapping):
        if k in names or mapping[k] in names:
            del mapping[k]


def _copies_block(stmts, mapping, removable):
    out = []
    for s in stmts:
        if isinstance(s, gast.If):
            s.test = _Rename(mapping).visit(s.test)
            s.body, _ = _copies_block(s.body, dict(mapping), removable)
            s.orelse, _ = _copies_block(s.orelse, dict(mapping), removable)
            _forget(mapping, _stores(s))
            out.append(s)
            continue
        if isinstance(s, gast.Try):
            s.body, _ = _copies_block(s.body, dict(mapping), removable)
            for h in s.handlers:
                h.body, _ = _copies_block(h.body, {}, removable)
            _forget(mapping, _stores(s))
            out.append(s)
            continue
        if isinstance(s, (gast.For, gast.While)):
            written = _stores(s)
            _forget(mapping, written)
            if isinstance(s, gast.For):
                s.iter = _Rename(mapping).visit(s.iter)
            s.body, _ = _copies_block(s.body, {}, removable)
            out.append(s)
            continue
        if isinstance(s, gast.FunctionDef):
            _forget(mapping, _stores(s) | set(loads_in(s)))
            out.append(s)
            continue
        if mapping:
            s = _Rename(mapping).visit(s)
        if (
            isinstance(s, gast.Assign)
            and len(s.targets) == 1
            and isinstance(s.targets[0], gast.Name)
            and isinstance(s.value, gast.Name)
        ):
            a, b = s.targets[0].id, s.value.id
            if a == b:
                continue
            _forget(mapping, {a})
            if removable(a):
                mapping[a] = b
            out.append(s)
            continue
        _forget(mapping, _stores(s))
        out.append(s)
    return out, mapping
