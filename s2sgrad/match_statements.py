"""``match`` statements (Python 3.10) lowered to plain ``if``/``else`` statements, in
Python's order of evaluation, before any analysis sees the function.

    match act:                              if act == "tanh":
        case "tanh":                            return np.tanh(z)
            return np.tanh(z)          ->   else:
        case ("leaky", s) if s > 0:             matched = type(act).__flags__ & 32 and (
            return np.where(...)                    len(act) == 2 and act[0] == "leaky")
        case _:                                 if matched:
            return z                                s = act[1]
                                                if matched and s > 0:
                                                    return np.where(...)
                                                else:
                                                    return z

The subject is evaluated once (into a name of its own unless it is a name no case
rebinds); a case's names are bound only when its whole pattern matched, before its guard,
as CPython binds them. Value patterns compare with ``==``, ``None``/``True``/``False`` with
``is``; sequence patterns of fixed length match what Python's match takes for a sequence
(a tuple, a list, a range, a deque; not a str or an array); a class pattern matches
by ``isinstance`` (with one positional pattern only for the builtin types that match
themselves, ``int(n)``). Mapping patterns, star patterns and class patterns with
attributes are refused with s2sgrad's own error at the case.
"""

from __future__ import annotations

import builtins

import gast

from . import runtime
from .errors import UnsupportedSyntaxError
from .syntax import (
    Names,
    assign,
    call,
    clone,
    const,
    name,
    names_in,
    rewrite_blocks,
    stores_in,
    walk,
)

_HINT = "use if/elif instead"

# the builtin classes whose one positional sub-pattern matches the subject itself
_SELF_MATCHING = {
    "bool", "bytearray", "bytes", "dict", "float", "frozenset", "int", "list", "set", "str",
    "tuple",
}  # fmt: skip


_SEQUENCE_FLAG = 1 << 5
_BUILTINS_USED = {"isinstance", "len", "type"}  # what the lowered tests call


def _params(fn) -> list:
    a = fn.args
    return a.posonlyargs + a.args + a.kwonlyargs + [v for v in (a.vararg, a.kwarg) if v]


def lower_match_statements(fn: gast.FunctionDef, info) -> gast.FunctionDef:
    """``fn`` with every ``match`` in its body (and its local defs) plain ``if``
    statements; ``fn`` itself when it has none. ``info`` (a
    :class:`~s2sgrad.parsing.SourceInfo`) locates the errors for patterns that cannot be
    lowered exactly."""
    match = getattr(gast, "Match", None)
    if match is None or not any(isinstance(n, match) for n in walk(fn)):
        return fn
    fn = clone(fn)
    taken = names_in(fn) | _captured(fn) | set(info.closure) | set(dir(builtins))
    _Lower(info, taken | set(runtime.__all__)).function(fn)
    return fn


def _captured(node) -> set[str]:
    out = set()
    for n in walk(node):
        for field in ("name", "rest"):
            value = getattr(n, field, None)
            if isinstance(n, gast.pattern) and isinstance(value, str):
                out.add(value)
    return out


def _at(node, like):
    for n in walk(node):
        if isinstance(n, (gast.stmt, gast.expr)) and getattr(n, "lineno", None) is None:
            gast.copy_location(n, like)
            n.end_lineno = getattr(like, "end_lineno", None)
    return node


def _all(conds: list):
    flat = []
    for c in conds:
        if isinstance(c, gast.BoolOp) and isinstance(c.op, gast.And):
            flat += c.values
        elif c is not None:
            flat.append(c)
    conds = flat
    if not conds:
        return None
    return conds[0] if len(conds) == 1 else gast.BoolOp(op=gast.And(), values=conds)


def _item(subject, i: int):
    return gast.Subscript(value=clone(subject), slice=const(i), ctx=gast.Load())


class _Lower:
    """One function's lowering."""

    def __init__(self, info, taken):
        self.info = info
        self.fresh = Names(taken)

    def refuse(self, node, what: str):
        raise self.info.error(node, what, _HINT, UnsupportedSyntaxError)

    def function(self, fn) -> None:
        self.shadowed = _BUILTINS_USED & (set(self.info.globals) | set(self.info.closure))
        params = {a.id for d in walk(fn) if isinstance(d, gast.FunctionDef) for a in _params(d)}
        self.shadowed |= _BUILTINS_USED & (stores_in(fn) | params | _captured(fn))
        fn.body = rewrite_blocks(fn.body, self.stmt)

    def stmt(self, node) -> list:
        if not isinstance(node, gast.Match):
            return [node]
        for case in node.cases:
            case.body = rewrite_blocks(case.body, self.stmt)
        pre, subject = [], node.subject
        rebound = _captured(node) | {
            n.target.id for c in node.cases if c.guard for n in walk(c.guard)
            if isinstance(n, gast.NamedExpr)
        }  # fmt: skip
        if not (isinstance(subject, gast.Name) and subject.id not in rebound):
            temp = self.fresh("subject")
            pre = [_at(assign(temp, subject), node)]
            subject = _at(name(temp), node.subject)
        return pre + self.cases(node.cases, subject)

    def cases(self, cases, subject) -> list:
        if not cases:
            return []
        case, rest = cases[0], cases[1:]
        cond, binds = self.pattern(case.pattern, subject)
        cond, binds = cond and _at(cond, case.pattern), [_at(b, case.pattern) for b in binds]
        guard = case.guard
        if cond is None and guard is None:
            return binds + case.body  # irrefutable: Python allows it last only
        after = self.cases(rest, subject)
        if not binds:
            test = _all([cond, guard])
            return [_at(gast.If(test=test, body=case.body, orelse=after), case.pattern)]
        if guard is None:
            return [_at(gast.If(test=cond, body=binds + case.body, orelse=after), case.pattern)]
        # names bound, then the guard: the guard may read them
        if cond is None:
            return binds + [_at(gast.If(test=guard, body=case.body, orelse=after), guard)]
        if not after:
            inner = _at(gast.If(test=guard, body=case.body, orelse=[]), guard)
            return [_at(gast.If(test=cond, body=binds + [inner], orelse=[]), case.pattern)]
        flag = self.fresh("matched")
        return [
            _at(assign(flag, cond), case.pattern),
            _at(gast.If(test=name(flag), body=binds, orelse=[]), case.pattern),
            _at(gast.If(test=_all([name(flag), guard]), body=case.body, orelse=after), guard),
        ]

    # -- patterns: (the test, or None when it always matches; the bindings it makes) -------

    def pattern(self, p, subject) -> tuple:
        if isinstance(p, gast.MatchValue):
            test = gast.Compare(left=clone(subject), ops=[gast.Eq()], comparators=[p.value])
            return test, []
        if isinstance(p, gast.MatchSingleton):
            test = gast.Compare(left=clone(subject), ops=[gast.Is()], comparators=[const(p.value)])
            return test, []
        if isinstance(p, gast.MatchAs):
            cond, binds = (None, []) if p.pattern is None else self.pattern(p.pattern, subject)
            if p.name is not None:
                binds = binds + [assign(p.name, clone(subject))]
            return cond, binds
        if isinstance(p, gast.MatchOr):
            return self.alternatives(p, subject)
        if isinstance(p, gast.MatchSequence):
            return self.sequence(p, subject)
        if isinstance(p, gast.MatchClass):
            return self.class_pattern(p, subject)
        if isinstance(p, gast.MatchMapping):
            self.refuse(p, "a mapping pattern in a match statement")
        self.refuse(p, "this pattern in a match statement")

    def alternatives(self, p, subject) -> tuple:
        parts = [self.pattern(alt, subject) for alt in p.patterns]
        conds = [c for c, _ in parts]
        cond = None if None in conds else gast.BoolOp(op=gast.Or(), values=conds)
        if not any(b for _, b in parts):
            return cond, []
        # the first alternative that matches binds the names
        binds = parts[-1][1]
        for c, b in reversed(parts[:-1]):
            binds = b if c is None else [gast.If(test=clone(c), body=b, orelse=binds)]
        return cond, binds

    def builtins(self, p, *used: str) -> None:
        for b in used:
            if b in self.shadowed:
                self.refuse(p, f"a pattern in a match statement where {b} is rebound")

    def sequence(self, p, subject) -> tuple:
        self.builtins(p, "type", "len")
        for sub in p.patterns:
            if isinstance(sub, gast.MatchStar):
                self.refuse(sub, "a star pattern in a match statement")
        # a sequence to match is a tuple, a list, a range, a deque, ..., never a str or an
        # array: the type flag that CPython's match reads (Py_TPFLAGS_SEQUENCE)
        flags = call("type", clone(subject))
        flags = gast.Attribute(value=flags, attr="__flags__", ctx=gast.Load())
        conds = [
            gast.BinOp(left=flags, op=gast.BitAnd(), right=const(_SEQUENCE_FLAG)),
            gast.Compare(
                left=call("len", clone(subject)), ops=[gast.Eq()],
                comparators=[const(len(p.patterns))],
            ),
        ]  # fmt: skip
        binds = []
        for i, sub in enumerate(p.patterns):
            c, b = self.pattern(sub, _item(subject, i))
            conds.append(c)
            binds += b
        return _all(conds), binds

    def class_pattern(self, p, subject) -> tuple:
        if p.kwd_patterns:
            self.refuse(p, "a class pattern with attributes in a match statement")
        self.builtins(p, "isinstance")
        test = call("isinstance", clone(subject), p.cls)
        if not p.patterns:
            return test, []
        builtin = (
            isinstance(p.cls, gast.Name)
            and p.cls.id in _SELF_MATCHING
            and p.cls.id not in self.info.globals
            and p.cls.id not in self.info.closure
        )
        if not builtin or len(p.patterns) > 1:
            self.refuse(p, "a class pattern with positional sub-patterns in a match statement")
        cond, binds = self.pattern(p.patterns[0], subject)
        return _all([test, cond]), binds
