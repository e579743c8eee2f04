"""What a cached unit relies on, and the cheap test of it on every call.

same_env(unit, fun)     ->  do the names the unit resolved still mean those objects?
flat_checks(unit, fun)  ->  Checks: the same test, flattened for the hot path
"""

from __future__ import annotations

import builtins
import operator
import types

from . import rules
from .parsing import (
    _MISSING,
    NUMBER,
    FunctionState,
    InstanceOf,
    bindings_hold,
    closure_vars,
    plain,
    still_means,
)


def same_env(unit, fun) -> bool:
    """Do the names and attribute chains ``unit`` resolved mean the same objects for the
    function ``fun``, and the names its analysis of callees read the same objects?"""
    if not bindings_hold(unit.callee_reads):
        return False
    closure = closure_vars(fun)
    for path, value in unit.checks:
        n = path[0]
        current = (
            closure[n] if n in closure else fun.__globals__.get(n, getattr(builtins, n, _MISSING))
        )
        for attr in path[1:]:
            current = getattr(current, attr, _MISSING)
        if not still_means(current, value):
            return False
    return True


class _CellView:
    """Read a closure cell like a mapping, for :func:`flat_checks`."""

    __slots__ = ("cell",)

    def __init__(self, cell):
        self.cell = cell

    def get(self, key, default=None):
        try:
            return self.cell.cell_contents
        except ValueError:
            return default


class _AttrView:
    """Read an object's attributes like a mapping, for :func:`flat_checks`."""

    __slots__ = ("obj",)

    def __init__(self, obj):
        self.obj = obj

    def get(self, key, default=None):
        return getattr(self.obj, key, default)


class Checks:
    """What an instance of a unit relies on, cheap to test on every call.

    ``groups``: ``(itemgetter, mapping, objects)``, the names (globals, module and class
    attributes) that must still be those objects, tested in C (one tuple ``==``, which
    is identity for the objects put there); ``names``: per group, ``{name: object}``
    (what the call's entry tests inline, :mod:`s2sgrad.entry`); ``states``: functions
    (the instance's own, and the callees) whose code and defaults must be unchanged;
    ``slow``: ``(mapping, key, expected)`` tested with :func:`still_means` (closure
    cells, numbers, bound methods, other attribute reads, names a global would shadow).
    """

    __slots__ = ("groups", "names", "states", "slow", "numbers", "rules_version")

    def __init__(self, groups, states, slow, names=()):
        self.groups, self.states, self.names = groups, states, list(names)
        self.slow = [e for e in slow if e[2] is not NUMBER]
        self.numbers = [(m, k) for m, k, e in slow if e is NUMBER]  # any int or float
        self.rules_version = rules.USER_RULES.version

    def valid(self) -> bool:
        if self.rules_version != rules.USER_RULES.version:
            return False  # a custom rule was set or replaced since
        try:
            for get, mapping, objects in self.groups:
                if get(mapping) != objects:  # == is identity for these objects' types
                    return False
            for fn, code, defaults, kwdefaults in self.states:
                if (
                    fn.__code__ is not code
                    or fn.__defaults__ is not defaults
                    or fn.__kwdefaults__ != kwdefaults
                ):
                    return False
        except (KeyError, ValueError, TypeError):  # a name deleted, a default replaced
            return False
        for mapping, key in self.numbers:
            if type(mapping.get(key, _MISSING)) not in _NUMBER_TYPES:
                return False
        return self.slow_valid()

    def slow_valid(self) -> bool:
        """The ``slow`` part of :meth:`valid` (closure cells, attribute reads, shadowing)."""
        for mapping, key, expected in self.slow:
            current = mapping.get(key, _MISSING)
            if current is not expected and not still_means(current, expected):
                return False
        return True


_NUMBER_TYPES = (int, float)  # what still_means accepts for NUMBER


def _identity_eq(value) -> bool:
    """Is ``value == other`` true only for ``other`` that means the same to a transform
    (itself, or a bound method of the same function on the same object)? Not the
    markers that stand for a class of values (any number, any instance of a class)."""
    if value is NUMBER or isinstance(value, InstanceOf):
        return False
    t = type(value)
    return t.__eq__ is object.__eq__ or t in (types.BuiltinFunctionType, types.MethodType)


def _state(fn) -> tuple:
    kw = fn.__kwdefaults__
    return (fn, fn.__code__, fn.__defaults__, None if kw is None else dict(kw))


def flat_checks(unit, fun=None) -> Checks:
    """The :class:`Checks` under which the instance of ``unit`` made for ``fun`` (and of
    its callees) stays valid: every name and attribute chain the transforms resolved, and
    the code and defaults of ``fun`` and of the functions it calls."""
    fun = unit.fun if fun is None else fun
    by_mapping: dict = {}
    states = {id(fun): _state(fun)}
    slow = []
    seen = set()
    seen_reads: set = set()

    def identity(mapping, key, value):
        if type(value) is FunctionState:
            states.setdefault(
                id(value.fn),
                (
                    value.fn,
                    value.code,
                    value.defaults,
                    None if value.kwdefaults is None else dict(value.kwdefaults[1]),
                ),
            )
            value = value.fn
        by_mapping.setdefault(id(mapping), (mapping, {}))[1][key] = value

    def visit(u, owner):
        if (u.key, id(owner)) in seen:
            return
        seen.add((u.key, id(owner)))
        cells = dict(zip(owner.__code__.co_freevars, owner.__closure__ or ()))
        recorded = dict(u.checks)
        for path, value in u.checks:
            n = path[0]
            exact = _identity_eq(plain(value))
            if len(path) > 1:
                base = plain(recorded.get(path[:-1], _MISSING))
                attr = path[-1]
                own = vars(base) if isinstance(base, (types.ModuleType, type)) else None
                if own is not None and exact and own.get(attr, _MISSING) is plain(value):
                    identity(own, attr, value)  # a dict look-up, like a global
                else:
                    slow.append((_AttrView(base), attr, value))
            elif n in cells:
                slow.append((_CellView(cells[n]), n, value))
            elif n in owner.__globals__ and exact:
                identity(owner.__globals__, n, value)
            elif n in owner.__globals__:
                slow.append((owner.__globals__, n, value))
            else:
                slow.append((vars(builtins), n, value))
                slow.append((owner.__globals__, n, _MISSING))  # a global would shadow it
        for cell, namespace, name, value in u.callee_reads:  # parsing.binding
            if (id(cell), id(namespace), name) in seen_reads:
                continue  # each unit's reads hold its callees' too: test each once
            seen_reads.add((id(cell), id(namespace), name))
            if cell is None and _identity_eq(value):
                identity(namespace, name, value)  # a dict look-up, like a global
            else:
                slow.append((namespace if cell is None else _CellView(cell), name, value))
        for c in u.callees:
            visit(c, owner if is_local(c) else c.fun)

    visit(unit, fun)
    groups, names = [], []
    for mapping, wanted in by_mapping.values():
        names.append((mapping, dict(sorted(wanted.items()))))
        keys = sorted(wanted)
        get = operator.itemgetter(*keys) if len(keys) > 1 else operator.itemgetter(keys[0], keys[0])
        objects = tuple(wanted[k] for k in keys) if len(keys) > 1 else (wanted[keys[0]],) * 2
        groups.append((get, mapping, objects))
    return Checks(groups, list(states.values()), slow, names)


def is_local(unit) -> bool:
    """Is ``unit`` a callee defined inside another user function (its closure cells are
    the enclosing instance's)?"""
    return unit.key[0] in ("vjp", "jvp", "grad-callee") and unit.key[1][0] == "local"
