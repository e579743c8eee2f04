"""Lists and dicts a callee changes in place, made explicit before the lowering.

A user function (module-level, or a local ``def``) that appends to, extends, inserts
into, writes items of, updates or pops from a list or dict it receives as an argument,
or that a local ``def`` reads from its enclosing function, is differentiated as a
function that returns the container's new contents as extra results; the call site
binds them back to the caller's name, so the values read back afterwards carry their
derivative in every mode:

    def step(h, history):               def step(h, history):
        history.append(h)                   history = list(history)
        return h                            history.append(h)
                                            return h, history
    h = step(h, hist)            ->     step_returned = step(h, hist)
                                        h = step_returned[0]
                                        hist = list(step_returned[1])

The callee's derivative is made for that call site (``("changes", ...)`` in its spec),
and its primal call is ``returning_changes(step, history="list")(h, hist)`` (a runtime
helper that changes copies and returns them). A local ``def`` changing variables of its
function takes them as keyword-only parameters instead, its own ``def`` rewritten.
A change s2sgrad cannot follow this way (into a container another name also refers
to, an attribute, an argument of the differentiated function itself, a call inside a
larger expression) is an error at the call.
"""

from __future__ import annotations

import gast

from .. import anno, runtime
from ..errors import UnsupportedSyntaxError
from ..parsing import SourceInfo
from ..syntax import assign, call, iter_child_nodes, name, walk
from .change_checks import ChangeChecks, Untouched
from .changed import (
    MADE,
    Callee,
    Scope,
    assigned,
    bind,
    hoistable,
    local_defs,
    outside,
    own_nodes,
    replace,
)
from .container_methods import ContainerMethods, located
from .loop_changes import LoopChanges
from .removals import ContainerRemovals
from .sibling_changes import rewrite_sibling_calls, uses_outside


def make_changes_explicit(
    fn: gast.FunctionDef, info: SourceInfo, params, spec, names, classes=None
) -> None:
    """Rewrite ``fn`` in place: calls that change a local container bind its new
    contents, and (for a spec with ``("changes", ...)``) ``fn`` returns the containers
    its caller passed and expects back. ``classes``: the classes of the arguments."""
    own = dict(next((e[1] for e in spec if e[0] == "changes"), ()))
    rewrite = _CallSites(fn, info, set(params), own, names, classes or {})
    rewrite.check_views()
    fn.body = rewrite.block(fn.body)
    if own:
        _return_changes(fn, own, names)


def _leading_copies(stmts, params) -> dict:
    """``{"h": "list"}`` for a function that starts with ``h = list(h)`` (or a dict
    comprehension copying ``h.items()``) of a parameter ``h``: its own list then."""
    out = {}
    for stmt in stmts:
        if isinstance(stmt, gast.Expr) and isinstance(stmt.value, gast.Constant):
            continue  # a docstring
        if not (
            isinstance(stmt, gast.Assign)
            and len(stmt.targets) == 1
            and isinstance(stmt.targets[0], gast.Name)
            and stmt.targets[0].id in params
        ):
            break
        p, value = stmt.targets[0].id, stmt.value
        if (
            isinstance(value, gast.Call)
            and isinstance(value.func, gast.Name)
            and value.func.id == "list"
            and len(value.args) == 1
            and isinstance(value.args[0], gast.Name)
            and value.args[0].id == p
        ):
            out[p] = "list"
        elif (
            isinstance(value, gast.DictComp)
            and len(value.generators) == 1
            and not value.generators[0].ifs
            and isinstance(value.generators[0].iter, gast.Call)
            and isinstance(value.generators[0].iter.func, gast.Attribute)
            and value.generators[0].iter.func.attr == "items"
            and isinstance(value.generators[0].iter.func.value, gast.Name)
            and value.generators[0].iter.func.value.id == p
        ):
            out[p] = "dict"
        else:
            break
    return out


def _return_changes(fn, own: dict, names) -> None:
    """Copy each changed container on entry and return it after the result; a return
    before the end (``if key in memo: return memo[key]``) returns copies, as the
    containers may still be changed in place after it where it does not run."""
    copies = [assign(p, _copy(p, kind, names)) for p, kind in own.items()]

    def returning(value, early):
        extra = [_copy(p, kind, names) if early else name(p) for p, kind in own.items()]
        return gast.Tuple(
            elts=[value or gast.Constant(value=None, kind=None)] + extra, ctx=gast.Load()
        )

    last = fn.body[-1] if fn.body else None
    for node in own_nodes(fn.body):
        if isinstance(node, gast.Return):
            node.value = located(returning(node.value, node is not last), node)
    if not fn.body or not isinstance(fn.body[-1], gast.Return):
        fn.body.append(located(gast.Return(value=returning(None, False)), fn))
    fn.body = [located(stmt, fn) for stmt in copies] + fn.body


def _copy(container, kind: str, names) -> gast.expr:
    """``list(c)``, or ``{key: value for key, value in c.items()}`` for a dict."""
    container = name(container) if isinstance(container, str) else container
    if kind == "list":
        return call("list", container)
    key, value = names("key"), names("value")
    target = gast.Tuple(elts=[name(key, store=True), name(value, store=True)], ctx=gast.Store())
    items = call(gast.Attribute(value=container, attr="items", ctx=gast.Load()))
    loop = gast.comprehension(target=target, iter=items, ifs=[], is_async=0)
    copied = gast.DictComp(key=name(key), value=name(value), generators=[loop])
    anno.set(copied, "copy_loop", True)  # a try body may return it (normalize.tries)
    return copied


class _CallSites(ContainerMethods, ContainerRemovals, LoopChanges, ChangeChecks):
    """The call-site side: ``y = f(..., c)`` becomes ``y, c = f(..., c)`` for each
    container ``c`` the call changes; ``extend``, ``update`` and ``setdefault`` of a
    local list or dict become the appends and item writes they make."""

    def __init__(self, fn, info, params: set, own: dict, names, classes: dict):
        self.fn = fn
        self.classes = classes
        self.info = info
        self.params = params
        self.own = own
        self.private = {**_leading_copies(fn.body, params), **own}
        self.names = names
        self.scope = Scope(info, local_defs(fn.body), assigned(fn.body) | params)
        self.locals = assigned(fn.body)
        self.kinds = _container_kinds(fn.body, params, self.private, self.passed_back)
        self.parents = {
            id(child): node for node in own_nodes(fn.body) for child in iter_child_nodes(node)
        }
        self.checked: set = set()
        self.loops: list = []  # the for loops around the statement rewritten
        self.rewritten: dict = {}  # local def -> the free variables it now takes and returns
        self.returning: dict = {}  # local def -> the changed variables its result holds
        # what each local def changes, before any is rewritten (run() calling push())
        self.local_callees = {f: self.scope.local_callee(f) for f in sorted(self.scope.defs)}
        for fname, callee in self.local_callees.items():
            if (
                callee is not None
                and callee.changed_free
                and all(self.kinds.get(c) is not None for c in callee.changed_free)
            ):  # (an array or a container of unknown origin: an error at the call)
                _free_as_parameters(self, self.scope.defs[fname], callee)
                self.returning[fname] = callee.returned
        for fname in sorted(self.rewritten):  # run() calling push(): sibling_changes
            rewrite_sibling_calls(self, self.scope.defs[fname])
        for fname in sorted(self.rewritten):  # the copies made in it are temporaries
            d = self.scope.defs[fname]
            made = {n.id for n in walk(d) if isinstance(n, gast.Name)} & names.generated
            anno.set(d, "temporaries", frozenset(made))

    def passed_back(self, target: str, value) -> bool:
        """Is ``target = value`` a call that changes ``target`` and returns it, ``xs =
        add_to(xs, v)``? (Not another binding of ``target``, then.)"""
        if not isinstance(value, gast.Call):
            return False
        callee = self.scope.callee(value.func)
        if callee is None or not callee.returned:
            return False
        bound = bind(callee, value)
        return any(
            isinstance(bound.get(p), gast.Name) and bound[p].id == target for p in callee.returned
        )

    def block(self, stmts) -> list:
        out = []
        for stmt in stmts:
            if isinstance(stmt, (gast.If, gast.For, gast.While)):
                out.extend(self.header(stmt))
            if isinstance(stmt, gast.While):
                stmt.test = self.truth(stmt.test)
            if isinstance(stmt, (gast.If, gast.For, gast.While, gast.With)):
                around = self.loops + [stmt] if isinstance(stmt, gast.For) else self.loops
                self.loops, outer = around, self.loops
                stmt.body = self.block(stmt.body)
                self.loops = outer
                if not isinstance(stmt, gast.With):
                    stmt.orelse = self.block(stmt.orelse)
                out.append(stmt)
            elif isinstance(stmt, (gast.FunctionDef, gast.ClassDef)):
                out.append(stmt)
            else:
                out.extend(self.statement(stmt))
        return out

    def header(self, stmt) -> list:
        """The statements that run a changing call in the test of an ``if`` or the
        iterable of a ``for`` first; such a call in a ``while`` test is an error."""
        field = "iter" if isinstance(stmt, gast.For) else "test"
        expr = getattr(stmt, field)
        found = [
            node
            for node in own_nodes([expr])
            if isinstance(node, gast.Call)
            and (
                (isinstance(node.func, gast.Name) and node.func.id in self.rewritten)
                or ((callee := self.scope.callee(node.func)) is not None and callee.changes())
                or self.removing(node)
            )
        ]
        if not found:
            return []
        if isinstance(stmt, gast.While):
            raise self.info.error(
                found[0],
                "a call that changes a list or dict passed to it in the test of a while "
                "loop cannot be differentiated",
                "call it before the loop and again at the end of the loop body",
                UnsupportedSyntaxError,
            )
        fresh = self.names("items" if field == "iter" else "test")
        setattr(stmt, field, name(fresh))
        return self.statement(located(assign(fresh, expr), stmt))

    def one_by_one(self, stmt, found):
        return _one_by_one(self, stmt, found)

    def statement(self, stmt) -> list:
        self.growing(stmt)
        lowered = self.removal(stmt)
        if lowered is not None:
            return self.block(lowered)
        lowered = self.container_method(stmt)
        if lowered is not None:
            return self.block(lowered)
        for node in own_nodes([stmt]):
            if isinstance(node, gast.Call):
                self.read_back(node)
        rewritten = [
            node
            for node in own_nodes([stmt])
            if isinstance(node, gast.Call)
            and isinstance(node.func, gast.Name)
            and node.func.id in self.rewritten
        ]
        calls = [
            (node, callee)
            for node in own_nodes([stmt])
            if isinstance(node, gast.Call)
            and not anno.has(node, "changes")
            and (callee := self.scope.callee(node.func)) is not None
            and callee.changes()
        ]
        if not calls and not rewritten:
            return [stmt]
        node, callee = calls[0] if calls else (rewritten[0], None)
        label = node.func.id if callee is None else callee.label
        whole = (
            isinstance(stmt, gast.Expr)
            or (isinstance(stmt, gast.Assign) and len(stmt.targets) == 1)
        ) and stmt.value is node
        if len(calls) + len(rewritten) > 1:
            split = self.one_by_one(stmt, [n for n, _ in calls] + rewritten)
            if split is not None:
                return split
        if len(calls) + len(rewritten) > 1 or not (whole or hoistable(stmt, node)):
            raise self.info.error(
                node,
                f"{label}() changes a list or dict passed to it, and this call is "
                "part of a larger expression that may not evaluate it",
                f"call it on a line of its own: result = {label}(...)",
                UnsupportedSyntaxError,
            )
        if callee is None:  # a local def now taking the variables it changes
            changed = self.rewritten[label]
            node.keywords += [gast.keyword(arg=c, value=name(c)) for c in changed]
            anno.set(node, "returns_changes", True)  # copies, not the caller's objects
            spec = [(c, self.kinds[c]) for c in changed]
            held = [c for c in changed if c in self.returning[label]]
        else:
            try:
                changed, spec = self.changed_targets(node, callee)
            except Untouched:
                return [stmt]  # the lowering and validation reject what it changes
            anno.set(node, "changes", tuple(spec))
            held = [
                c
                for p, c in zip(callee.changed_params + callee.changed_free, changed)
                if p in callee.returned and c is not None
            ]
        target = stmt.targets[0] if whole and isinstance(stmt, gast.Assign) else None
        for c in held:
            if not (isinstance(target, gast.Name) and target.id == c):
                raise self.info.error(
                    node,
                    f"{label}() returns the list or dict {c!r} it changes, and here its "
                    f"result is not assigned back to {c!r}: that other name would not see "
                    f"later changes of {c!r}",
                    f"assign it back, {c} = {label}(...), or return a copy from {label}()",
                    UnsupportedSyntaxError,
                )
        if not whole and any(
            isinstance(n, gast.Name) and n.id in changed for n in _read_before(stmt, node)
        ):
            raise self.info.error(
                node,
                f"{label}() changes a list or dict that the rest of this line also reads",
                f"call it on a line of its own: result = {label}(...)",
                UnsupportedSyntaxError,
            )
        returned = self.names(f"{label}_returned")
        out = [assign(returned, node)]
        result = gast.Subscript(value=name(returned), slice=_int(0), ctx=gast.Load())
        if whole and isinstance(stmt, gast.Assign):
            out.append(gast.Assign(targets=stmt.targets, value=result, type_comment=None))
        elif not whole:
            replace(stmt, node, result)
        # the new contents are copied into the caller's name, which so holds a list or
        # dict of its own again
        for i, (c, (_, kind)) in enumerate(zip(changed, spec)):
            if c is not None:
                item = gast.Subscript(value=name(returned), slice=_int(i + 1), ctx=gast.Load())
                if kind == "dict":  # made in a name of its own: c may be read by the result
                    fresh = self.names(f"{c}_copy")
                    out += [assign(fresh, _copy(item, kind, self.names)), assign(c, name(fresh))]
                else:
                    out.append(assign(c, _copy(item, kind, self.names)))
        if not whole:
            out.append(stmt)
        return [located(s, stmt) for s in out]

    def read_back(self, node) -> None:
        """``returning_changes(f, c="list")(...)`` of generated code read back (forward over
        reverse): the call of ``f`` it was made from."""
        func = node.func
        if (
            isinstance(func, gast.Call)
            and isinstance(func.func, gast.Name)
            and func.func.id == runtime.returning_changes.__name__
            and self.info.filename.startswith("<s2sgrad ")  # a name reserved there
        ):
            node.func = func.args[0]
            anno.set(node, "changes", tuple((k.arg, k.value.value) for k in func.keywords))

    def changed_targets(self, node, callee: Callee):
        """The names a call binds the changed containers to, and its ``changes`` spec."""
        bound = bind(callee, node)
        if callee.starred or not bound and (node.args or node.keywords):
            raise self.info.error(
                node,
                f"{callee.label}() changes a list or dict passed to it, which s2sgrad "
                "follows only through plain parameters",
                "pass the arguments by position or by name, without * or **",
                UnsupportedSyntaxError,
            )
        targets, spec, seen = [], [], set()
        for p in callee.changed_params:
            arg = bound.get(p)
            if arg is None:
                raise self.info.error(
                    node,
                    f"{callee.label}() changes its parameter {p!r} in place, and this "
                    "call leaves it to its default value",
                    f"pass a new list or dict: {callee.label}(..., {p}=[])",
                    UnsupportedSyntaxError,
                )
            if isinstance(arg, tuple(MADE)):
                targets.append(None)  # a new list or dict: its new contents are not read
                spec.append((p, MADE[type(arg)]))
                continue
            if not isinstance(arg, gast.Name):
                raise self.info.error(
                    arg,
                    f"{callee.label}() changes its argument {p!r} in place; s2sgrad "
                    "follows such a change only into a local variable of this function",
                    "build the list or dict in a local variable, pass that, and read it "
                    "back from there",
                    UnsupportedSyntaxError,
                )
            targets.append(self.changed_name(arg.id, node, callee, seen))
            spec.append((p, self.kinds[arg.id]))
        for c in callee.changed_free:
            targets.append(self.changed_name(c, node, callee, seen))
            spec.append((c, self.kinds[c]))
        return targets, spec

    def changed_name(self, c: str, node, callee: Callee, seen: set) -> str:
        """``c``, once it is known to be a list or dict only this name holds."""
        if c in seen:
            raise self.info.error(
                node,
                f"{callee.label}() changes {c!r}, which this call passes to it twice",
                "pass each list or dict once",
                UnsupportedSyntaxError,
            )
        seen.add(c)
        self.check_private(c, node, callee)
        return c


def _read_before(stmt, node) -> list:
    """The nodes of ``stmt`` but the call ``node`` that may run before the rest of the
    line sees what ``node`` changes: not the targets of ``memo[k] = F(n - 1)``, which are
    evaluated after the value."""
    later = []
    if isinstance(stmt, gast.Assign) and any(m is node for m in walk(stmt.value)):
        later = [id(m) for t in stmt.targets for m in walk(t)]
    return [n for n in outside(stmt, node) if id(n) not in later]


def _one_by_one(sites, stmt, found):
    """``stmt`` as the statements that make each of the calls ``found`` (changing lists
    or dicts) on a line of its own, first to last, then ``stmt`` reading their results:
    ``v = f(R(i - 1), R(j - 1))`` is ``r = R(i - 1)``, ``r_2 = R(j - 1)``, ``v = f(r, r_2)``;
    None where a call is inside another or may not run (``a and R(i)``)."""
    if not isinstance(stmt, (gast.Expr, gast.Assign, gast.Return)) or stmt.value is None:
        return None
    inside = {id(n) for n in walk(stmt.value)}
    if not all(id(n) in inside and hoistable(stmt, n) for n in found):
        return None
    if any(m is not n and any(k is m for k in walk(n)) for n in found for m in found):
        return None  # R(R(i)): not one after the other
    first = min(found, key=lambda n: (n.lineno, n.col_offset))
    label = first.func.id if isinstance(first.func, gast.Name) else "call"
    fresh = sites.names(f"{label}_result")
    replace(stmt, first, located(name(fresh), first))
    return sites.statement(located(assign(fresh, first), stmt)) + sites.statement(stmt)


def _free_as_parameters(sites, node: gast.FunctionDef, callee: Callee) -> None:
    """A local def changing variables of the function of ``sites`` takes them as
    parameters (keyword-only where it has defaults) and returns their new contents
    after its result."""
    if callee.changed_params:
        raise sites.info.error(
            node,
            f"{callee.label}() changes both its own parameter "
            f"{callee.changed_params[0]!r} and the variable "
            f"{callee.changed_free[0]!r} of the function around it",
            "pass the variable in as a parameter too",
            UnsupportedSyntaxError,
        )
    for use in own_nodes(sites.fn.body):
        if (
            isinstance(use, gast.Name)
            and use.id == node.name
            and isinstance(use.ctx, gast.Load)
            and not (
                isinstance(sites.parents.get(id(use)), gast.Call)
                and sites.parents[id(use)].func is use
            )
        ):
            raise sites.info.error(
                use,
                f"{callee.label}() changes the variable {callee.changed_free[0]!r} of "
                "this function; s2sgrad follows that only where it is called by name",
                f"call {callee.label}(...) directly",
                UnsupportedSyntaxError,
            )
    callers = _siblings(sites, node, callee) + [node]  # its own calls: a recursion
    uses_outside(sites.fn, node, callee, sites.info, callers)
    kinds = {}
    for c in callee.changed_free:
        sites.check_private(c, node, callee)
        kinds[c] = sites.kinds[c]
    a = node.args
    plain = not (a.defaults or a.kwonlyargs or a.vararg or a.kwarg)
    for c in kinds:  # positional where they can be: a sibling's call passes them so
        param = gast.Name(id=c, ctx=gast.Param(), annotation=None, type_comment=None)
        if plain:
            a.args.append(param)
        else:
            a.kwonlyargs.append(param)
            a.kw_defaults.append(None)
    _return_changes(node, kinds, sites.names)
    sites.rewritten[node.name] = list(kinds)


def _siblings(sites, node, callee) -> list:
    """The local defs but ``node`` changing (at least) the variables its ``callee``
    changes, which are rewritten too: their calls of it are call sites."""
    out = []
    for fname, d in sorted(sites.scope.defs.items()):
        other = sites.local_callees[fname]
        if (
            d is not node
            and other is not None
            and set(callee.changed_free) <= set(other.changed_free)
            and all(sites.kinds.get(c) is not None for c in other.changed_free)
            and not other.changed_params
        ):
            out.append(d)
    return out


def _int(i: int) -> gast.Constant:
    return gast.Constant(value=i, kind=None)


def _container_kinds(stmts, params: set, own: dict, passed_back) -> dict:
    """``"list"`` or ``"dict"`` for each name bound only to lists (or only to dicts)
    made in ``stmts``, and for the changed containers of ``own``."""
    kinds: dict = {}
    single = set()
    for node in own_nodes(stmts):
        if (
            isinstance(node, gast.Assign)
            and len(node.targets) == 1
            and isinstance(node.targets[0], gast.Name)
        ):
            value = node.value
            single.add(id(node.targets[0]))
            if passed_back(node.targets[0].id, value):
                continue
            kind = MADE.get(type(value))
            if (
                isinstance(value, gast.Call)
                and isinstance(value.func, gast.Name)
                and value.func.id in ("list", "dict")
            ):
                kind = value.func.id
            kinds.setdefault(node.targets[0].id, set()).add(kind)
    other = set(params) - set(own)
    other |= {
        n.id
        for n in own_nodes(stmts)
        if isinstance(n, gast.Name) and isinstance(n.ctx, gast.Store) and id(n) not in single
    }
    out = {n: ks.pop() for n, ks in kinds.items() if len(ks) == 1 and None not in ks}
    out = {n: k for n, k in out.items() if n not in other}
    out.update(own)
    return out
