"""Lowering of pseudo-statements to assignments: per adjoint, whether it is still
zero, may be the scalar ``0.0``, or is a private array updated in place.

    Acc(dx, dy * w); Acc(dx, dz)    ->    dx = dy * w
                                           dx = dx + dz
"""

from __future__ import annotations

import gast

from .. import anno, rules
from ..optimize import rounds
from ..syntax import assign, call, const, loads_in, name, walk
from .pseudo import (
    Acc,
    AccItem,
    Block,
    Kill,
    L,
    M,
    O,
    PopItem,
    PushItem,
    Restore,
    U,
    Z,
    ZeroItem,
    _assigned,
    _index_value,
    put_back,
)


def _merge(a, b):
    if a == b:
        return a
    pair = {a, b}
    if pair == {L, O}:
        return L
    return M


# helpers whose result is always a new array that nothing else refers to
_FRESH_HELPERS = {
    "matmul_left",
    "matmul_right",
    "dot_left",
    "dot_right",
    "outer_left",
    "outer_right",
    "select_adjoint",
    "var_adjoint",
}


def _maybe_complex_scalar(var, defs, seen) -> bool:
    """May the scalar ``var`` be complex? Yes when it comes from a full reduction (of a
    possibly complex array) or a complex constant, through arithmetic and elementwise calls;
    then ``unbroadcast`` stays in its operands' adjoints, as it drops the imaginary part of a
    real operand's adjoint. Parameters (floats or ints) and loop counters are real."""
    if var in seen:
        return False
    seen.add(var)
    for value, _ in defs.get(var, []):
        names = (
            [value]
            if isinstance(value, (gast.Name, gast.Constant))
            else [value.operand]
            if isinstance(value, gast.UnaryOp)
            else [value.left, value.right]
            if isinstance(value, gast.BinOp)
            else None
        )
        if names is None and isinstance(value, gast.Call):
            prim = rules.lookup(anno.get(value, "fn", None))
            if prim is None or not (prim.elementwise or prim.path.startswith("math.")):
                return True
            names = value.args
        if names is None:
            continue  # a loop target, an attribute like .ndim: not complex
        for n in names:
            if isinstance(n, gast.Constant) and isinstance(n.value, complex):
                return True
            if isinstance(n, gast.Name) and _maybe_complex_scalar(n.id, defs, seen):
                return True
    return False


def _fresh(expr, gen=None) -> bool:
    """Does ``expr`` certainly evaluate to a new array (not an alias of an adjoint)?"""
    if isinstance(expr, (gast.BinOp, gast.UnaryOp)):
        return True
    if gen is not None and isinstance(expr, gast.Call) and isinstance(expr.func, gast.Name):
        helper = gen.session.bindings.get(expr.func.id)
        if helper is None or helper[0] != "helper":
            return False
        if helper[1] in _FRESH_HELPERS:
            return True
        if helper[1] == "unbroadcast" and expr.args:
            return _fresh(expr.args[0], gen)
    return False


def _zero_buffer(s, gen, obj=None) -> gast.Call:
    """A zero adjoint to write items into: ``zeros_like(x)`` of an array; of a list or
    dict, ``fresh_adjoint(0.0, xs)``, which holds 0.0 for each item (no array for the
    items the writes do not reach)."""
    obj = s.obj if obj is None else obj
    var = obj.id if isinstance(obj, gast.Name) else getattr(s, "var", None)
    if var in gen.analysis.containers:
        return call(gen.helper("fresh_adjoint"), const(0.0), obj)
    return call(gen.helper("zeros_like"), obj)


def _scalar_index(index) -> bool:
    """Is ``index`` one that a 0-d value takes: (), ..., None, or a tuple of those?"""
    if isinstance(index, gast.Tuple):
        return all(_scalar_index(e) for e in index.elts)
    return isinstance(index, gast.Constant) and (index.value is None or index.value is Ellipsis)


def lower(stmts, state, gen):
    """Lower pseudo-statements to gast statements; returns ``(stmts, state)``."""
    out = []
    state = dict(state)
    for s in stmts:
        out.extend(_lower_one(s, state, gen))
    return out, state


def _reads_maybe_zero(expr, state, gen=None) -> bool:
    """Does ``expr`` read an adjoint that may be the 0.0 placeholder: one in state M, or
    an item of a list or dict's adjoint (``fresh_adjoint(0.0, d)`` holds 0.0 for each)?"""
    if any(state.get(n) == M for n in loads_in(expr)):
        return True
    if gen is None:
        return False
    containers = {gen.adjoints[v] for v in gen.analysis.containers if v in gen.adjoints}
    return any(
        isinstance(n, gast.Subscript)
        and isinstance(n.value, gast.Name)
        and n.value.id in containers
        for n in walk(expr)
    )


def _container_helper(expr, gen) -> bool:
    """Is ``expr`` a call of a runtime helper that makes a list adjoint (``pair_first``)?"""
    if not (isinstance(expr, gast.Call) and isinstance(expr.func, gast.Name)):
        return False
    helper = gen.session.bindings.get(expr.func.id)
    return helper is not None and helper[0] == "helper" and helper[1] in ("pair_first",)


def _item_buffers(gen) -> set:
    """The adjoints ``gen`` wrote items of or made lists (only grows: add is right for
    arrays too)."""
    if not hasattr(gen, "item_buffers"):
        gen.item_buffers = set()
    return gen.item_buffers


def _lower_one(s, state, gen):
    if isinstance(s, Acc):
        d = gen.adj(s.var)
        st = state.get(d, U)
        maybe_zero = s.maybe_zero or _reads_maybe_zero(s.expr, state, gen)
        # a value whose items were written (factors[0] of a call's tuple) may have a list
        # adjoint, which += would extend: added by add
        if _container_helper(s.expr, gen):
            _item_buffers(gen).add(d)  # scipy.linalg.cho_solve's (c, lower) pair
        container = s.var in gen.analysis.containers or d in _item_buffers(gen)
        if st in (U, Z):
            state[d] = M if maybe_zero else (O if _fresh(s.expr, gen) and not container else L)
            return [assign(d, s.expr)]
        if container:
            state[d] = L
            return [assign(d, call(gen.helper("add"), name(d), s.expr))]
        op, expr = gast.Add(), s.expr
        if isinstance(expr, gast.UnaryOp) and isinstance(expr.op, gast.USub):
            op, expr = gast.Sub(), expr.operand
        if st == O:
            return [gast.AugAssign(target=name(d, store=True), op=op, value=expr)]
        state[d] = M if (st == M and maybe_zero) else O
        return [assign(d, gast.BinOp(left=name(d), op=op, right=expr))]
    if isinstance(s, ZeroItem) and _scalar_index(s.index):
        # y[...] = v overwrote all of y: its adjoint is zero again (a 0-d adjoint may be a
        # NumPy scalar, which cannot be written into)
        return _lower_one(Kill(s.var), state, gen)
    if isinstance(s, (AccItem, ZeroItem, PopItem)):
        d = gen.adj(s.var)
        st = state.get(d, U)
        out = []
        if st in (U, Z):
            out.append(assign(d, _zero_buffer(s, gen)))
        elif st != O or (isinstance(s, AccItem) and _scalar_index(s.index)):
            # a new array, unless the value is 0-d (which s[()], s[...], s[None] index):
            # then it is a NumPy scalar, which cannot be written into
            out.append(assign(d, call(gen.helper("fresh_adjoint"), name(d), s.obj)))
        state[d] = O
        _item_buffers(gen).add(d)
        if isinstance(s, AccItem):
            if s.basic:
                target = gast.Subscript(value=name(d), slice=s.index, ctx=gast.Store())
                out.append(gast.AugAssign(target=target, op=gast.Add(), value=s.expr))
            else:
                out.append(
                    gast.Expr(
                        value=call(gen.helper("add_at"), name(d), _index_value(s.index), s.expr)
                    )
                )
        elif isinstance(s, ZeroItem):
            target = gast.Subscript(value=name(d), slice=s.index, ctx=gast.Store())
            out.append(gast.Assign(targets=[target], value=const(0.0), type_comment=None))
        elif s.value is None:
            out.append(gast.Expr(value=call(gen.helper("pop_adjoint"), name(d))))
        else:
            out.append(assign(s.temp, call(gen.helper("pop_adjoint"), name(d))))
            out.extend(_lower_one(Acc(s.value, name(s.temp)), state, gen))
            state[gen.adj(s.value)] = (
                _merge(state[gen.adj(s.value)], M) if state[gen.adj(s.value)] != O else O
            )
        return out
    if isinstance(s, PushItem):
        return _lower_push(s, state, gen)
    if isinstance(s, Kill):
        d = gen.adj(s.var)
        if state.get(d, U) in (U,):
            return []
        if gen.loop_depth > 0:
            state[d] = Z
            return [assign(d, const(0.0))]
        state[d] = U
        return []
    if isinstance(s, Block):
        d = gen.adj(s.var)
        st = state.get(d, U)
        if st in (U, Z):
            return []
        if st == M:
            # d may still be the 0.0 placeholder: run the block only when it is not
            inner = dict(state)
            inner[d] = L
            body, sb = lower(s.stmts, inner, gen)
            orelse, so = [], dict(state)
            _merge_branches(body, sb, orelse, so, state)
            out = [
                gast.If(
                    test=call(gen.helper("nonzero"), name(d)),
                    body=body or [gast.Pass()],
                    orelse=orelse,
                )
            ]
        else:
            out = []
            for inner_stmt in s.stmts:
                out.extend(_lower_one(inner_stmt, state, gen))
        if s.line is not None:
            for stmt in out:
                if anno.get(stmt, "line", None) is None:
                    anno.set(stmt, "line", s.line)
        return out
    if isinstance(s, Restore):
        return [s]
    if isinstance(s, gast.If):
        body, sb = lower(s.body, state, gen)
        orelse, so = lower(s.orelse, state, gen)
        _merge_branches(body, sb, orelse, so, state)
        if not _has_code(body) and not _has_code(orelse):
            return [r for r in body + orelse if isinstance(r, Restore)] and [
                gast.If(test=s.test, body=body or [gast.Pass()], orelse=orelse)
            ]
        node = gast.If(test=s.test, body=body or [gast.Pass()], orelse=orelse)
        return [node]
    if isinstance(s, gast.For):
        return _lower_loop(s, state, gen)
    return [s]


def _lower_push(s, state, gen):
    """``d[xs].append(d[v])`` of ``v = xs.pop()`` (``put_back`` for ``xs.pop(i)``), into
    a private list adjoint; nothing while both are zero (0.0 is the adjoint of a list of
    any length)."""
    d = gen.adj(s.var)
    st = state.get(d, U)
    item = state.get(gen.adj(s.value), U) if s.value is not None else U
    if st in (U, Z) and item in (U, Z):
        return []
    out = []
    if st != O:
        given = const(0.0) if st in (U, Z) else name(d)
        out.append(assign(d, call(gen.helper("fresh_adjoint"), given, s.obj)))
    state[d] = O
    value = const(0.0) if item == U else name(gen.adj(s.value))
    out.append(put_back(gen.helper, d, s.index, value))
    if s.line is not None:
        for stmt in out:
            anno.set(stmt, "line", s.line)
    return out


def _merge_branches(body, sb, orelse, so, state):
    """Join the adjoint states of two branches into ``state``; an adjoint defined on one
    side only is set to 0.0 on the other, so that it is defined after the join."""
    for d in sorted(set(sb) | set(so)):
        a, b = sb.get(d, U), so.get(d, U)
        if a == U and b != U:
            body.append(assign(d, const(0.0)))
            a = Z
        elif b == U and a != U:
            orelse.append(assign(d, const(0.0)))
            b = Z
        state[d] = _merge(a, b) if a != U else U


def _has_code(stmts) -> bool:
    return any(not isinstance(s, gast.Pass) for s in stmts)


def _touched(stmts, gen) -> set[str]:
    out = set()
    for s in stmts:
        if isinstance(s, (Acc, AccItem, ZeroItem, PopItem, PushItem, Kill)):
            out.add(gen.adj(s.var))
            if isinstance(s, (PopItem, PushItem)) and s.value is not None:
                out.add(gen.adj(s.value))
        elif isinstance(s, Block):
            out |= _touched(s.stmts, gen)
        elif isinstance(s, gast.If):
            out |= _touched(s.body, gen) | _touched(s.orelse, gen)
        elif isinstance(s, gast.For):
            out |= _touched(s.body, gen)
    return out


def _item_targets(stmts, gen) -> dict:
    """Adjoints updated item by item in ``stmts``, with the primal they are shaped like."""
    out = {}
    for s in stmts:
        if isinstance(s, (AccItem, ZeroItem, PopItem, PushItem)):
            out.setdefault(gen.adj(s.var), s.obj)
        elif isinstance(s, Block):
            for k, v in _item_targets(s.stmts, gen).items():
                out.setdefault(k, v)
        elif isinstance(s, (gast.If, gast.For)):
            for part in (s.body, getattr(s, "orelse", [])):
                for k, v in _item_targets(part, gen).items():
                    out.setdefault(k, v)
    return out


def _accumulated(stmts, gen) -> set[str]:
    """Adjoints that ``stmts`` only ever add to (never reset or replace)."""
    adds, other = set(), set()

    def visit(body):
        for s in body:
            if isinstance(s, Acc):
                adds.add(gen.adj(s.var))
            elif isinstance(s, (AccItem, ZeroItem, PopItem, PushItem, Kill)):
                other.add(gen.adj(s.var))
            elif isinstance(s, Block):
                visit(s.stmts)
            elif isinstance(s, (gast.If, gast.For)):
                visit(s.body)
                visit(getattr(s, "orelse", []))

    visit(stmts)
    return adds - other


def _lower_loop(s, state, gen):
    before = []
    touched = _touched(s.body, gen)
    assigned_in_loop = _assigned(anno.get(s, "loop").node.body)
    for d, obj in sorted(_item_targets(s.body, gen).items()):
        # allocate once before the loop instead of copying in every iteration
        if isinstance(obj, gast.Name) and obj.id not in assigned_in_loop:
            st = state.get(d, U)
            if st in (U, Z):
                before.append(assign(d, _zero_buffer(s, gen, obj)))
            elif st in (L, M):
                before.append(assign(d, call(gen.helper("fresh_adjoint"), name(d), obj)))
            state[d] = O
    primal_of = {a: v for v, a in gen.adjoints.items()}
    accumulated = _accumulated(s.body, gen)
    for d in sorted(touched):
        var = primal_of.get(d)
        if (
            state.get(d, U) in (U, Z)
            and d in accumulated
            and var is not None
            and var not in assigned_in_loop
            and var not in gen.analysis.containers
            and gen.analysis.kinds.get(var) == "array"
        ):
            # an array the loop only adds to: allocate it once and add in place
            before.append(assign(d, call(gen.helper("zeros_like"), name(var))))
            state[d] = O
        elif state.get(d, U) == U:
            before.append(assign(d, const(0.0)))
            state[d] = Z
    gen.loop_depth += 1
    entry = dict(state)
    current = dict(state)
    for _ in rounds("the adjoint states of a loop body"):
        body, end = lower(s.body, current, gen)
        merged = {d: _merge(entry.get(d, U), end.get(d, U)) for d in set(entry) | set(end)}
        for d in merged:
            if entry.get(d, U) == U and end.get(d, U) != U and d not in touched:
                merged[d] = end[d]
        if merged == current:
            break
        current = merged
    gen.loop_depth -= 1
    state.clear()
    state.update(current)
    loop = gast.For(
        target=s.target, iter=s.iter, body=body or [gast.Pass()], orelse=[], type_comment=None
    )
    anno.set(loop, "loop", anno.get(s, "loop"))
    return before + [loop]
