"""What a user function changes in place of the lists and dicts it receives (its
parameters) or, for a local ``def``, reads from its enclosing function: the analysis
behind :mod:`s2sgrad.normalize.changes`.
"""

from __future__ import annotations

import contextlib
import inspect
import os
import types
import weakref

import gast

from ..errors import TransformError
from ..parsing import SourceInfo, binding, bindings_hold, parse_function, through_cache
from ..runtime.libraries import installed_root, library_roots
from ..syntax import iter_child_nodes, names_in, walk

# methods of list and dict that change the container
CHANGING = frozenset(
    {"append", "extend", "insert", "update", "setdefault", "pop", "popitem", "clear", "remove"}
)
MADE = {gast.List: "list", gast.ListComp: "list", gast.Dict: "dict", gast.DictComp: "dict"}
LIBRARY_ROOTS = library_roots()  # kept: about half a millisecond to find
_OWN_DIR = os.path.join(os.path.dirname(os.path.dirname(os.path.realpath(__file__))), "")


def own_nodes(stmts):
    """Every node of ``stmts`` outside nested functions, lambdas and classes."""
    todo = list(stmts)
    while todo:
        node = todo.pop()
        yield node
        if isinstance(node, (gast.FunctionDef, gast.Lambda, gast.ClassDef)):
            continue
        todo.extend(iter_child_nodes(node))


def local_defs(stmts) -> dict:
    """Name -> the ``def`` statement of each function defined once in ``stmts``."""
    found: dict = {}
    for node in own_nodes(stmts):
        if isinstance(node, gast.FunctionDef):
            found.setdefault(node.name, []).append(node)
    return {n: defs[0] for n, defs in found.items() if len(defs) == 1}


def assigned(stmts) -> set:
    return {
        n.id
        for n in own_nodes(stmts)
        if isinstance(n, gast.Name) and isinstance(n.ctx, (gast.Store, gast.Del))
    } | {n.name for n in own_nodes(stmts) if isinstance(n, gast.FunctionDef)}


class Callee:
    """What a call changes: the callee's parameters and the changed ones (by name),
    and for a local ``def``, the changed variables of its enclosing function."""

    def __init__(self, label, node, changed_params, changed_free):
        self.label = label
        a = node.args
        self.positional = [p.id for p in a.posonlyargs + a.args]
        self.params = self.positional + [p.id for p in a.kwonlyargs]
        self.starred = a.vararg is not None or a.kwarg is not None
        self.changed_params = [p for p in self.params if p in changed_params]
        self.changed_free = sorted(changed_free)
        returned = set()
        for n in own_nodes(node.body):
            if isinstance(n, gast.Return) and n.value is not None:
                values = n.value.elts if isinstance(n.value, (gast.Tuple, gast.List)) else []
                returned |= {v.id for v in values if isinstance(v, gast.Name)}
                returned |= {n.value.id} if isinstance(n.value, gast.Name) else set()
        # the changed containers its result holds (``return history``)
        self.returned = returned & set(self.changed_params + self.changed_free)

    def changes(self) -> bool:
        return bool(self.changed_params or self.changed_free)


class Scope:
    """Finds the callees of one function body and what they change."""

    def __init__(self, info: SourceInfo, defs: dict, enclosing: set, outer=None, memo=None):
        self.info = info
        self.defs = defs
        self.enclosing = enclosing  # the variables a local def may read from its function
        self.outer = outer
        self.active: set = set()
        # module functions already analysed, for this one transformation
        self.memo: dict = outer.memo if outer is not None else {} if memo is None else memo

    def local(self, fname):
        scope = self
        while scope is not None:
            if fname in scope.defs:
                return scope
            scope = scope.outer
        return None

    def callee(self, func) -> Callee | None:
        if not isinstance(func, gast.Name):
            return None
        scope = self.local(func.id)
        if scope is not None:
            return scope.local_callee(func.id)
        value = self.info.closure.get(func.id, self.info.globals.get(func.id))
        if _READS:
            _READS[-1].append(binding(self.info.fun, func.id, value))
        return _module_callee(value, self.memo)

    def local_callee(self, fname) -> Callee | None:
        node = self.defs[fname]
        if (id(node), "local") in self.active:
            return None  # recursion: its own changes are found at the outer call
        self.active.add((id(node), "local"))
        try:
            params = {p.id for p in node.args.posonlyargs + node.args.args + node.args.kwonlyargs}
            inner = Scope(self.info, local_defs(node.body), assigned(node.body) | params, self)
            free = (self.enclosing - assigned(node.body) - params) & (
                names_in(node) | _changed_by_calls(inner, node, params)  # run() calling push()
            )
            changed = inner.changed(node.body, (params - assigned(node.body)) | free)
        finally:
            self.active.discard((id(node), "local"))
        return Callee(fname, node, changed & params, changed & free)

    def changed(self, stmts, candidates: set) -> set:
        """The names of ``candidates`` whose containers ``stmts`` change in place."""
        out = set()
        for node in own_nodes(stmts):
            if isinstance(node, (gast.Subscript,)) and isinstance(node.ctx, (gast.Store, gast.Del)):
                if isinstance(node.value, gast.Name) and node.value.id in candidates:
                    out.add(node.value.id)
            elif isinstance(node, gast.Call):
                func = node.func
                if (
                    isinstance(func, gast.Attribute)
                    and func.attr in CHANGING
                    and isinstance(func.value, gast.Name)
                    and func.value.id in candidates
                ):
                    out.add(func.value.id)
                callee = self.callee(func)
                if callee is not None and callee.changes():
                    bound = bind(callee, node)
                    out |= {
                        a.id
                        for p, a in bound.items()
                        if p in callee.changed_params and isinstance(a, gast.Name)
                    } & candidates
                    out |= set(callee.changed_free) & candidates
        return out


def _changed_by_calls(inner, node, params) -> set:
    """The variables of enclosing functions that the local defs ``node`` calls change."""
    out, local = set(), params | assigned(node.body)
    for n in own_nodes(node.body):
        if isinstance(n, gast.Call) and isinstance(n.func, gast.Name) and n.func.id not in local:
            if inner.local(n.func.id) is not None:
                callee = inner.callee(n.func)
                out |= set(callee.changed_free) if callee is not None else set()
    return out


_ACTIVE: set = set()
# the names each module function analysis in progress resolved, innermost last
_READS: list[list] = []
# module functions analysed by earlier transformations: fn -> (its code, its Callee, the
# bindings of names the analysis read, its callees' included); an entry holds while fn
# keeps its code and every name still resolves to the same value, so a chain of callees
# is analysed once, not again under every caller's transformation
_DONE: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()

if hasattr(os, "register_at_fork"):  # a fork made while another thread transformed
    os.register_at_fork(after_in_child=lambda: (_ACTIVE.clear(), _READS.clear()))


def distinct_reads(reads) -> tuple:
    """The bindings of :func:`recorded_reads`' list, each once, without the ``None``
    markers."""
    return tuple({(id(r[0]), id(r[1]), r[2]): r for r in reads if r is not None}.values())


@contextlib.contextmanager
def recorded_reads():
    """Collect, in the list yielded, the bindings (:func:`s2sgrad.parsing.binding`) of
    the names the analyses of callees inside the ``with`` block read, callees' callees
    included: what their results hold under (``None`` items: a recursion cut short)."""
    reads: list = []
    _READS.append(reads)
    try:
        yield reads
    finally:
        _READS.pop()


def _module_callee(value, memo: dict) -> Callee | None:
    """What a module-level user function changes of its parameters (None: not one)."""
    if getattr(value, "__s2s_checkpoint__", False):  # @checkpoint: the function it wraps
        value = value.fun
    fn = through_cache(value)
    if not isinstance(fn, types.FunctionType) or fn.__code__.co_flags & inspect.CO_GENERATOR:
        return None
    filename = os.path.realpath(fn.__code__.co_filename)
    if filename.startswith(_OWN_DIR) or installed_root(filename, LIBRARY_ROOTS) is not None:
        return None
    key = (fn.__code__, id(fn))
    if key not in memo:
        done = _DONE.get(fn)
        if done is not None and done[0] is fn.__code__ and bindings_hold(done[2]):
            memo[key] = done[1], done[2]
    if key in memo:
        callee, reads = memo[key]
        if _READS:
            _READS[-1].extend(reads)
        return callee
    if key in _ACTIVE:
        if _READS:  # recursion: what the analyses in progress find is partial
            _READS[-1].append(None)
        return None  # its own changes are found at the outer call
    _ACTIVE.add(key)
    try:
        with recorded_reads() as reads:
            node, info = parse_function(fn)
            params = {p.id for p in node.args.posonlyargs + node.args.args + node.args.kwonlyargs}
            scope = Scope(info, local_defs(node.body), assigned(node.body) | params, memo=memo)
            changed = scope.changed(node.body, params - assigned(node.body))
            callee = Callee(node.name, node, changed, ())
    except TransformError:
        return None  # no source: the call is an error where it is lowered
    finally:
        _ACTIVE.discard(key)
    partial = None in reads
    reads = distinct_reads(reads)
    memo[key] = callee, reads + (None,) * partial  # None: partial
    if _READS:
        _READS[-1].extend(memo[key][1])
    if not partial:
        _DONE[fn] = fn.__code__, callee, reads
    return callee


def bind(callee: Callee, node: gast.Call) -> dict:
    """Parameter -> argument node of a call (positional and keyword arguments)."""
    if any(isinstance(a, gast.Starred) for a in node.args) or any(
        k.arg is None for k in node.keywords
    ):
        return {}
    bound = dict(zip(callee.positional, node.args))
    bound.update((k.arg, k.value) for k in node.keywords)
    return bound


def hoistable(stmt, node) -> bool:
    """Can ``node``, a call in ``stmt``, run just before it? (It runs whenever the
    statement does: not under ``and``/``or``, ``x if c else y``, a lambda or a
    comprehension.)"""
    if not isinstance(stmt, (gast.Expr, gast.Assign, gast.AugAssign, gast.Return)):
        return False
    lazy = (gast.BoolOp, gast.IfExp, gast.Lambda, gast.ListComp, gast.SetComp)
    lazy += (gast.DictComp, gast.GeneratorExp)
    return not any(isinstance(n, lazy) and any(m is node for m in walk(n)) for n in walk(stmt))


def outside(stmt, node):
    """The nodes of ``stmt`` that are not part of ``node``."""
    inside = {id(n) for n in walk(node)}
    return [n for n in walk(stmt) if id(n) not in inside]


def replace(tree, old, new) -> None:
    """Put ``new`` where ``old`` is in ``tree``."""
    for parent in walk(tree):
        for field, value in gast.iter_fields(parent):
            if value is old:
                setattr(parent, field, new)
            elif isinstance(value, list):
                value[:] = [new if v is old else v for v in value]
