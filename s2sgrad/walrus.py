"""Assignment expressions (``:=``) lowered to plain statements, in Python's order of
evaluation, before any analysis sees the function.

    if (n := np.sum(x)) > 0:        ->    n = np.sum(x)
        return n * x                      if n > 0:
                                              return n * x

What is evaluated before a walrus in the same statement is evaluated first still (into a
name of its own when it could see the walrus's binding or has effects); an operand that
``and``/``or``/``x if c else y`` may skip becomes an ``if``; a ``while`` test that binds
runs at the top of each turn (``while True: ... if not test: break``); a list, set or dict
comprehension that binds becomes the loop it stands for, its own names renamed (they are
local to it), the bound names in the function's scope, as Python binds them.
"""

from __future__ import annotations

import builtins

import gast

from . import runtime
from .errors import UnsupportedSyntaxError
from .syntax import Names, assign, clone, const, name, names_in, walk

_HINT = "assign in a separate statement before it"


def lower_named_exprs(fn: gast.FunctionDef, info) -> gast.FunctionDef:
    """``fn`` with every ``:=`` in its body (and its local defs) a plain assignment; ``fn``
    itself when it has none. ``info`` (a :class:`~s2sgrad.parsing.SourceInfo`) locates the
    errors for the few places that cannot be lowered."""
    if not any(isinstance(n, gast.NamedExpr) for n in walk(fn)):
        return fn
    fn = clone(fn)
    taken = names_in(fn) | set(info.closure) | set(dir(builtins)) | set(runtime.__all__)
    _Lower(info, taken).function(fn)
    return fn


def _has_walrus(node) -> bool:
    return node is not None and any(isinstance(n, gast.NamedExpr) for n in walk(node))


def _located(stmts, like):
    for s in stmts:
        for n in walk(s):
            if isinstance(n, (gast.stmt, gast.expr)) and getattr(n, "lineno", None) is None:
                gast.copy_location(n, like)
                n.end_lineno = getattr(like, "end_lineno", None)
    return stmts


class _Lower:
    """One function's lowering: statements in, statements out."""

    def __init__(self, info, taken):
        self.info = info
        self.fresh = Names(taken)

    def refuse(self, node, what: str):
        raise self.info.error(node, what, _HINT, UnsupportedSyntaxError)

    def function(self, fn) -> None:
        for d in fn.args.defaults + [d for d in fn.args.kw_defaults if d is not None]:
            if _has_walrus(d):
                self.refuse(d, "the walrus operator := in a default value")
        fn.body = self.block(fn.body)

    def block(self, stmts) -> list:
        out = []
        for s in stmts:
            out.extend(_located(self.stmt(s), s))
        return out

    # -- statements ---------------------------------------------------------------------------

    def stmt(self, node) -> list:
        if isinstance(node, (gast.FunctionDef, gast.AsyncFunctionDef)):
            for d in node.decorator_list:
                if _has_walrus(d):
                    self.refuse(d, "the walrus operator := in a decorator")
            self.function(node)
            return [node]
        if isinstance(node, gast.ClassDef):
            if _has_walrus(node):
                self.refuse(node, "the walrus operator := in a class body")
            return [node]
        if isinstance(node, gast.If):
            pre, node.test = self.expr(node.test)
            node.body, node.orelse = self.block(node.body), self.block(node.orelse)
            return pre + [node]
        if isinstance(node, gast.While):
            return self.stmt_while(node)
        if isinstance(node, (gast.For, gast.AsyncFor)):
            if _has_walrus(node.target):
                self.refuse(node.target, "the walrus operator := in a loop target")
            pre, node.iter = self.expr(node.iter)
            node.body, node.orelse = self.block(node.body), self.block(node.orelse)
            return pre + [node]
        if isinstance(node, (gast.With, gast.AsyncWith)):
            pre = []
            for item in node.items:
                if _has_walrus(item.optional_vars):
                    self.refuse(item, "the walrus operator := in a with target")
                more, item.context_expr = self.expr(item.context_expr)
                pre += more
            if pre and len(node.items) > 1:
                self.refuse(node, "the walrus operator := in a with of several items")
            node.body = self.block(node.body)
            return pre + [node]
        if isinstance(node, gast.Try):
            node.body, node.orelse = self.block(node.body), self.block(node.orelse)
            node.finalbody = self.block(node.finalbody)
            for h in node.handlers:
                if _has_walrus(h.type):
                    self.refuse(h.type, "the walrus operator := in an except clause")
                h.body = self.block(h.body)
            return [node]
        if not _has_walrus(node):
            return [node]
        if isinstance(node, gast.Assign):
            return self.stmt_assign(node)
        if isinstance(node, gast.AugAssign):
            return self.stmt_augassign(node)
        if isinstance(node, gast.AnnAssign) and not _has_walrus(node.target):
            if node.value is None or _has_walrus(node.annotation):
                self.refuse(node, "the walrus operator := in an annotation")
            pre, node.value = self.expr(node.value)
            return pre + [node]
        if isinstance(node, (gast.Expr, gast.Return)):
            pre, node.value = self.expr(node.value)
            return pre + [node]
        if isinstance(node, gast.Assert):  # the message only when the test fails
            if _has_walrus(node.msg):
                self.refuse(node.msg, "the walrus operator := in an assert message")
            pre, node.test = self.expr(node.test)
            return pre + [node]
        if isinstance(node, gast.Raise):
            pre, exc = self.expr(gast.Tuple(elts=[e for e in (node.exc, node.cause) if e]))
            node.exc, *rest = exc.elts
            node.cause = rest[0] if rest else None
            return pre + [node]
        self.refuse(node, "the walrus operator := in this statement")

    def stmt_assign(self, node) -> list:
        for t in node.targets:
            if _has_walrus(t):
                self.refuse(t, "the walrus operator := in an assignment target")
        pre, node.value = self.expr(node.value)
        return pre + [node]

    def stmt_augassign(self, node) -> list:
        target = node.target
        if _has_walrus(target):
            self.refuse(target, "the walrus operator := in an assignment target")
        bound = _bound(node.value)
        if isinstance(target, gast.Name) and target.id in bound:
            # x += (x := v): Python reads x before v rebinds it
            self.refuse(node, "the walrus operator := rebinding the target of +=")
        reads = names_in(target) if not isinstance(target, gast.Name) else set()
        if reads & bound:
            self.refuse(node, "the walrus operator := rebinding a name the target reads")
        pre, node.value = self.expr(node.value)
        return pre + [node]

    def stmt_while(self, node) -> list:
        if not _has_walrus(node.test):
            node.body, node.orelse = self.block(node.body), self.block(node.orelse)
            return [node]
        if node.orelse:
            self.refuse(node, "the walrus operator := in the test of a while loop with an else")
        pre, test = self.expr(node.test)
        stop = gast.If(
            test=gast.UnaryOp(op=gast.Not(), operand=test), body=[gast.Break()], orelse=[]
        )
        head = _located(pre + [stop], node.test)
        loop = gast.While(test=const(True), body=head + self.block(node.body), orelse=[])
        return [gast.copy_location(loop, node)]

    # -- expressions: (statements to run first, what is left) ---------------------------------

    def expr(self, node) -> tuple[list, gast.expr]:
        if not _has_walrus(node):
            return [], node
        if isinstance(node, gast.NamedExpr):
            pre, value = self.expr(node.value)
            target = node.target.id
            return pre + [_at(assign(target, value), node)], _at(name(target), node.target)
        if isinstance(node, gast.BoolOp):
            return self.bool_op(node)
        if isinstance(node, gast.IfExp):
            return self.if_exp(node)
        if isinstance(node, (gast.ListComp, gast.SetComp, gast.DictComp)):
            return self.comprehension(node)
        if isinstance(node, gast.GeneratorExp):
            self.refuse(node, "the walrus operator := in a generator expression")
        if isinstance(node, gast.Lambda):
            self.refuse(node, "the walrus operator := in a lambda")
        if isinstance(node, gast.Compare) and any(_has_walrus(c) for c in node.comparators[1:]):
            self.refuse(node, "the walrus operator := in a chained comparison after its first")
        return self.in_order(node)

    def in_order(self, node) -> tuple[list, gast.expr]:
        """``node``'s operands in Python's order: the ones before the last walrus are named
        first when a later binding or effect could change what they are."""
        slots = _operand_slots(node)
        last = max(i for i, (_, _, child) in enumerate(slots) if _has_walrus(child))
        pre = []
        for i, (owner, field, child) in enumerate(slots[: last + 1]):
            more, value = self.expr(child)
            pre += more
            later = set().union(*[_bound(c) for _, _, c in slots[i + 1 : last + 1]])
            if i < last and _needs_name(value, later):
                if isinstance(value, gast.Starred):
                    temp = self.fresh("operand")
                    pre.append(_at(assign(temp, value.value), child))
                    value.value = _at(name(temp), child)
                else:
                    temp = self.fresh("operand")
                    pre.append(_at(assign(temp, value), child))
                    value = _at(name(temp), child)
            _put(owner, field, value)
        return pre, node

    def bool_op(self, node) -> tuple[list, gast.expr]:
        later = (
            next(i for i, v in enumerate(node.values) if i and _has_walrus(v))
            if any(_has_walrus(v) for v in node.values[1:])
            else None
        )
        if later is None:
            pre, node.values[0] = self.expr(node.values[0])
            return pre, node
        head = node.values[:later]
        pre, first = self.expr(head[0] if len(head) == 1 else gast.BoolOp(op=node.op, values=head))
        temp = self.fresh("and_value" if isinstance(node.op, gast.And) else "or_value")
        pre.append(_at(assign(temp, first), node))
        tail = node.values[later:]
        more, rest = self.expr(tail[0] if len(tail) == 1 else gast.BoolOp(op=node.op, values=tail))
        test = name(temp)
        if isinstance(node.op, gast.Or):
            test = gast.UnaryOp(op=gast.Not(), operand=test)
        branch = gast.If(test=test, body=more + [assign(temp, rest)], orelse=[])
        return pre + _located([branch], node), _at(name(temp), node)

    def if_exp(self, node) -> tuple[list, gast.expr]:
        pre, node.test = self.expr(node.test)
        if not (_has_walrus(node.body) or _has_walrus(node.orelse)):
            return pre, node
        temp = self.fresh("if_value")
        body, value = self.expr(node.body)
        orelse, other = self.expr(node.orelse)
        branch = gast.If(
            test=node.test,
            body=body + [assign(temp, value)],
            orelse=orelse + [assign(temp, other)],
        )
        return pre + _located([branch], node), _at(name(temp), node)

    def comprehension(self, node) -> tuple[list, gast.expr]:
        for g in node.generators:
            if g.is_async:
                self.refuse(node, "the walrus operator := in an async comprehension")
        renames = {}
        for g in node.generators:
            for t in walk(g.target):
                if isinstance(t, gast.Name):
                    renames[t.id] = self.fresh(t.id + "_item")
        first = node.generators[0]
        pre, first.iter = self.expr(first.iter)  # evaluated in the enclosing scope
        node = clone(node)
        for n in walk(node):
            if isinstance(n, gast.Name) and n.id in renames:
                n.id = renames[n.id]
        node.generators[0].iter = first.iter
        kind = type(node).__name__
        temp = self.fresh({"ListComp": "items", "SetComp": "members", "DictComp": "entries"}[kind])
        empty = {
            "ListComp": gast.List(elts=[], ctx=gast.Load()),
            "SetComp": gast.Call(func=name("set"), args=[], keywords=[]),
            "DictComp": gast.Dict(keys=[], values=[]),
        }[kind]
        if kind == "DictComp":
            inner = gast.Assign(
                targets=[gast.Subscript(value=name(temp), slice=node.key, ctx=gast.Store())],
                value=node.value,
                type_comment=None,
            )
            if _has_walrus(node.key) and _has_walrus(node.value):
                self.refuse(node, "the walrus operator := in both the key and the value")
        else:
            method = "append" if kind == "ListComp" else "add"
            add = gast.Attribute(value=name(temp), attr=method, ctx=gast.Load())
            inner = gast.Expr(value=gast.Call(func=add, args=[node.elt], keywords=[]))
        body = [inner]
        for g in reversed(node.generators):
            for cond in reversed(g.ifs):
                body = [gast.If(test=cond, body=body, orelse=[])]
            body = [gast.For(target=g.target, iter=g.iter, body=body, orelse=[], type_comment=None)]
        loop = _located([assign(temp, empty)] + body, node)
        return pre + self.block(loop), _at(name(temp), node)


def _at(new, old):
    gast.copy_location(new, old)
    new.end_lineno = getattr(old, "end_lineno", None)
    for n in walk(new):
        if isinstance(n, (gast.stmt, gast.expr)) and getattr(n, "lineno", None) is None:
            gast.copy_location(n, old)
    return new


def _bound(node) -> set[str]:
    """The names the walruses under ``node`` bind."""
    if node is None:
        return set()
    return {n.target.id for n in walk(node) if isinstance(n, gast.NamedExpr)}


def _needs_name(value, later: set[str]) -> bool:
    """Whether ``value``, evaluated before a walrus but used after it, must be named first:
    it reads a name a later walrus binds, or it calls something (order of effects, draws)."""
    if isinstance(value, gast.Lambda):
        return False
    return bool(names_in(value) & later) or any(
        isinstance(n, (gast.Call, gast.Await, gast.Yield)) for n in walk(value)
    )


def _operand_slots(node) -> list:
    """``(owner, field, child)`` for each operand of ``node`` in evaluation order (``field``
    a name, or ``(name, index)`` for an item of a list field)."""
    if isinstance(node, gast.Dict):  # keys and values alternate
        out = []
        for i, (k, v) in enumerate(zip(node.keys, node.values)):
            if k is not None:
                out.append((node, ("keys", i), k))
            out.append((node, ("values", i), v))
        return out
    if isinstance(node, gast.Call):
        out = [(node, "func", node.func)]
        out += [(node, ("args", i), a) for i, a in enumerate(node.args)]
        out += [(k, "value", k.value) for k in node.keywords]
        return out
    out = []
    for field, value in gast.iter_fields(node):
        if isinstance(value, gast.AST) and isinstance(value, gast.expr):
            out.append((node, field, value))
        elif isinstance(value, list):
            out += [(node, (field, i), v) for i, v in enumerate(value) if isinstance(v, gast.expr)]
    return out


def _put(owner, field, value) -> None:
    if isinstance(field, tuple):
        getattr(owner, field[0])[field[1]] = value
    else:
        setattr(owner, field, value)
