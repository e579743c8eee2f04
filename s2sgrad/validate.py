"""Validation of in-place changes: reject a program whose in-place change (``y[i] = v``,
``ys.append(v)``, ``y += v``) another name, container item or view may see, for both
modes (forward mode runs the primal the same way, so the same programs are wrong).

In: the normal form and its analysis; out: the names changed in place, or an error.

    v = y[1:]; y[0] = 1.0     ->   error: 'y' is changed in place elsewhere, ...
    y = np.zeros(3); y[0] = x ->   {'y'}
"""

from __future__ import annotations

import gast

from . import aliasing, anno, holders, rules, runtime
from .activity import SCALAR, Analysis
from .callee_changes import (
    bindings,
    check_callee_changes,
    check_generator_changes,
    check_item_change,
    may_precede,
    program_order,
)
from .errors import InPlaceArgumentError, NonDifferentiableError, UnsupportedSyntaxError
from .fresh import fresh_value, is_fresh, uncopied
from .managers import check_managers
from .normalize import NormalFunction
from .runtime import object_with
from .swaps import block_of as _block_of
from .swaps import rebound_source, swapped_away
from .syntax import loads_in, walk


def check_mutations(fn: NormalFunction, analysis: Analysis) -> set[str]:
    """The names ``fn`` changes in place (item writes and appends), after checking that
    no change there is seen through another name."""
    return changes_and_sharers(fn, analysis)[0]


def changes_and_sharers(fn: NormalFunction, analysis: Analysis):
    """:func:`check_mutations`'s names, and for each name that may share the object of
    one of them and is read only before its change (``v = y.T; s = h(v); y[0] = 1.0``),
    the names it shares: an adjoint that reads ``v`` needs ``y`` restored first."""
    check_managers(fn, analysis)
    checker = _Checker(fn, analysis)
    mutated = checker.check()
    return mutated, checker.sharers


def _rebinds(checker, var: str) -> bool:
    """May ``var op= v`` on the parameter ``var`` rebind it? On a differentiated one, as
    under autograd; in a called function, whose call sites check that no caller reads the
    array again. Not on another parameter of the function the user differentiates: NumPy
    changes the caller's array there (or the parameter's default, for later calls)."""
    return var in checker.analysis.wrt or not checker.fn.entry


def _augmented(stmt) -> str:
    """The augmented operator (``*=``) of ``stmt``, an ``x op= v`` lowered to ``x = x op v``."""
    return anno.get(stmt, "inplace")


def _copy_hint(var: str, op: str) -> str:
    """The hint for ``var`` changed in place by ``op`` (``+=``; ``.fit()``, a method
    changing its object; ``.a =``) where another name may share it."""
    if op.startswith("."):  # normalize.self_changes, normalize.records
        change = f"{var}{op}" if op.endswith("()") else f"{var}{op} ..."
        return (
            f"{change} changes an object that other names may hold too (an item of a list, "
            "an argument): have the method return what it computes instead of storing it "
            "on the object, or make the object in this function"
        )
    return f"make a private copy first ({var} = {var}.copy()) or write {var} = {var} {op[:-1]} ..."


def _sorted_keys(info, s) -> None:
    """``keys = sorted(d)`` of differentiated values: where ``d`` may be a dict that
    the lowering could not tell was one (a parameter, a callee's result), the call
    becomes ``sorted_keys(d)``, its sorted keys, checked to be a dict when it runs;
    else an error (sorting numbers has no derivative rule)."""
    call = s.value
    if anno.get(call, "maybe_keys", False) and all(k.arg == "reverse" for k in call.keywords):
        call.func = gast.Name(id="sorted_keys", ctx=gast.Load(), annotation=None, type_comment=None)
        anno.set(call, "fn", runtime.sorted_keys)
        return
    raise info.error(
        s,
        "sorted() of differentiated values has no derivative rule",
        "use np.sort(...) for numbers; for the keys of a dict write "
        "sorted(d.keys()) in the for statement",
        NonDifferentiableError,
    )


def _endless_error(info, s):
    """The error for ``first_items(gen, n, ...)`` (normalize.loops) given a differentiated
    argument: the endless generator runs as written, so its items carry no derivative."""
    what = f"{anno.get(s.value, 'generator', 'the generator')}()"
    return info.error(
        s,
        f"{what} is an endless generator given a differentiated argument: s2sgrad takes "
        "the items a zip reads of an endless generator only where they carry no derivative",
        "give the generator a bound (a parameter n and for _ in range(n)), or compute the "
        "values in the loop that reads them",
        NonDifferentiableError,
    )


def _unpacked_error(info, s):
    """The error for a differentiated call ``s`` that keeps a star (normalize.arguments):
    ``f(x, *x.shape)``, or ``zip(*rows)`` of rows whose number is known only when it runs."""
    if anno.get(s.value, "fn", None) is zip:
        return info.error(
            s,
            "zip(*...) of differentiated rows cannot be differentiated: how many rows it "
            "unpacks is not known when the function is transformed",
            "zip the sequences by name (zip(a, b)), or transpose the array itself "
            "(x.T, not zip(*x.tolist()))",
            UnsupportedSyntaxError,
        )
    return info.error(
        s,
        "a call that unpacks a shape (f(x, *x.shape)) cannot be differentiated",
        "pass the shape as one tuple argument",
        UnsupportedSyntaxError,
    )


class _Checker:
    def __init__(self, fn: NormalFunction, analysis: Analysis):
        self.fn = fn
        self.info = fn.info
        self.analysis = analysis
        self.names = fn.names
        self.sharers: dict[str, set[str]] = {}

    def check(self) -> set[str]:
        """In-place changes are allowed only on fresh, unaliased local values.

        Item writes (``y[i] = v``), appends and ``+=`` on arrays change an object
        that another name (an argument, an alias, a view) may also refer to; the
        derivative would then be wrong, so such code is rejected.
        """
        mutated, inplace, changes = {}, {}, {}
        for s in walk(gast.Module(body=self.fn.body, type_ignores=[])):
            if isinstance(s, gast.FunctionDef):
                _check_defaults(self.fn, self.analysis, s)
            if (
                isinstance(s, gast.Assign)
                and isinstance(s.value, gast.Call)
                and anno.get(s.value, "fn", None) is sorted
                and not anno.get(s.value, "dict_keys", False)
                and self.analysis.is_active(s.value)
            ):
                _sorted_keys(self.info, s)
            if (
                isinstance(s, gast.Assign)
                and isinstance(s.value, gast.Call)
                and anno.get(s.value, "fn", None) is runtime.first_items
                and self.analysis.is_active(s.value)
            ):
                raise _endless_error(self.info, s)
            if (
                isinstance(s, gast.Assign)
                and isinstance(s.value, gast.Call)
                and any(isinstance(a, gast.Starred) for a in s.value.args)
                and self.analysis.is_active(s.value)
                and not rules.is_nondifferentiable(anno.get(s.value, "fn", None))
            ):
                raise _unpacked_error(self.info, s)
            if isinstance(s, gast.Assign) and isinstance(s.targets[0], gast.Subscript):
                target = s.targets[0]
                if _holds_list(self.analysis, target.value.id) and any(
                    isinstance(e, gast.Slice) for e in walk(target.slice)
                ):
                    # a list's slice assignment may change its length; its adjoint is no
                    # array slice
                    raise self.info.error(
                        s,
                        f"slice assignment to the list {target.value.id!r} cannot be "
                        "differentiated",
                        f"build a new list: {target.value.id} = "
                        f"{target.value.id}[:i] + [...] + {target.value.id}[j:]",
                        UnsupportedSyntaxError,
                    )
                mutated.setdefault(target.value.id, s)
                changes.setdefault(target.value.id, []).append(s)
            elif _grown_or_popped(s) is not None:
                mutated.setdefault(_grown_or_popped(s), s)
                changes.setdefault(_grown_or_popped(s), []).append(s)
            elif anno.get(s, "inplace", False):
                var = s.targets[0].id
                if self.analysis.kinds.get(var) != SCALAR:
                    inplace.setdefault(var, s)
                    changes.setdefault(var, []).append(s)
        self.mutated = set(mutated)
        self.changes = changes
        self.inplace = set(inplace)
        self.order = order = program_order(self.fn.body)
        check_callee_changes(self.fn, self.analysis, order)
        check_generator_changes(self.fn, self.analysis, order)
        for var, stmt in list(mutated.items()) + list(inplace.items()):
            if var not in self.analysis.active and var not in inplace:
                if not _inactive_view(self.analysis, var):
                    continue
            what = "in-place change" if var in mutated else f"in-place {_augmented(stmt)}"
            for value, d in self.analysis.defs.get(var, []):
                if (
                    d is stmt
                    or anno.get(d, "inplace", False)
                    or isinstance(d, gast.Expr)
                    or isinstance(d.targets[0], gast.Subscript)
                ):
                    continue
                if not any(may_precede(d, c, order) for c in changes[var]):
                    continue  # rebound only after its changes (not in a loop around them)
                value = self._through_temps(value)
                if (
                    var in inplace
                    and isinstance(value, gast.Name)
                    and rebound_source(self, var, value.id, d, changes[var], order, _new)
                ):
                    continue  # a, b = b, a; a += 1: b is rebound before a changes
                if (
                    isinstance(value, gast.Subscript)
                    and isinstance(value.slice, gast.Slice)
                    and certainly_container(self.fn, self.analysis, var)
                ):
                    continue  # a slice of a list or tuple is a new one
                if var in inplace and self._shape_tuple(value):
                    continue  # s = x.shape[:2]; s += (n,): a tuple, which += rebinds
                if (
                    not (is_fresh(value) or aliasing.makes_new(value))
                    and not aliasing.new_item(self, value)  # w, v = np.linalg.eigh(a)
                    and not (
                        var in inplace and (fresh_value(value) or isinstance(value, gast.Tuple))
                    )
                ):  # t += (v,)
                    raise self.info.error(
                        stmt,
                        f"{what} of {var!r}, which may share memory with another "
                        "value, cannot be differentiated",
                        _copy_hint(var, _augmented(stmt) if stmt is inplace.get(var) else "+="),
                        UnsupportedSyntaxError,
                    )
            if (
                var in self.fn.params
                and not rebound_first(self.fn, var)
                and (var in mutated or self.analysis.kinds.get(var) != SCALAR)
            ):
                if var not in mutated and var in self.analysis.active and _rebinds(self, var):
                    # x -= v on a differentiated argument rebinds x, as under autograd (whose
                    # traced arrays are never changed in place): the caller's array stays
                    continue
                raise self.info.error(
                    stmt,
                    f"{what} of the argument {var!r} would change the caller's array",
                    f"make a private copy first: {var} = {var}.copy()",
                    InPlaceArgumentError if var in mutated else UnsupportedSyntaxError,
                )
        for s in walk(gast.Module(body=self.fn.body, type_ignores=[])):
            popped = (
                anno.get(s.value, "pop", None)
                if isinstance(s, gast.Assign) and isinstance(s.value, gast.Call)
                else None
            )
            if popped in self.fn.params and not rebound_first(self.fn, popped):
                # forward mode would pop the caller's tangent list too
                raise self.info.error(
                    s,
                    f"xs.pop() of the argument {popped!r} would change the caller's list",
                    f"make a private copy first: {popped} = list({popped})",
                    UnsupportedSyntaxError,
                )
            if anno.get(s, "aug_item", False):
                var = s.targets[0].value.id
                if (
                    var in self.analysis.containers
                    and not _private_items(self.fn, self.analysis, var)
                    and not _fresh_arrays(self.analysis, var)
                ):
                    raise self.info.error(
                        s,
                        f"{var}[...] += ... changes the item of {var!r} in place, which "
                        "other names may share",
                        f"write {var}[...] = {var}[...] + ...",
                        UnsupportedSyntaxError,
                    )
                if var in self.analysis.containers:
                    check_item_change(self.fn, self.analysis, s, var, order)
        for var in sorted(set(mutated) | set(inplace)):
            if self.analysis.kinds.get(var) == SCALAR or (
                var not in self.analysis.active and var not in inplace
            ):
                continue
            self._check_aliases(var)
        return self.mutated

    def _check_aliases(self, var):
        """Reject every other name, container item or view that may share ``var``'s object
        while ``var`` is still to be changed in place (chained assignment ``a = b = ...``,
        ``ys = [y, y]``, ``v = y[1:]``, ``v = y.T``, ``xs.append(y)``)."""
        sources = {var}
        aliases = {var}  # the names of var's object itself (not xs.append(v): xs holds v)
        for value, d in bindings(self.analysis.defs.get(var, [])):
            bound = isinstance(d, gast.Assign)
            while isinstance(value, gast.Name) and value.id not in sources:
                sources.add(value.id)  # y = t: an alias of t is an alias of y
                if bound:
                    aliases.add(value.id)
                    self.sharers.setdefault(value.id, set()).add(var)
                defs = bindings(self.analysis.defs.get(value.id, []))
                value = defs[0][0] if len(defs) == 1 else None
                bound = bound and len(defs) == 1 and isinstance(defs[0][1], gast.Assign)
        body = gast.Module(body=self.fn.body, type_ignores=[])
        # names bound to a user function's result that may hold var (a tuple of it): their
        # items may be var itself (b, _ = pair(c, v) reads b = tmp[0])
        self._holders = {
            s.targets[0].id
            for s in walk(body)
            if isinstance(s, gast.Assign)
            and isinstance(s.targets[0], gast.Name)
            and isinstance(s.value, gast.Call)
            and self._shares(s.value, sources, var)
        }
        for s in walk(body):
            target = _alias_target(s, var)
            if target is None:
                continue
            if (
                self._stored(s, sources, var)
                and target not in sources
                and not _after_all_changes(self.fn, s, var)
            ):
                if swapped_away(self, s, var):
                    continue  # a_old = a, then a is bound to another value before it changes
                if _read_before_change(self, s, target, var):
                    if self._stored(s, aliases, var):  # holds or views var's object
                        self.sharers.setdefault(target, set()).add(var)
                    continue  # e.g. a temporary of the normal form, read before var changes
                raise self.info.error(
                    s,
                    f"{var!r} is changed in place elsewhere, so this alias would see the "
                    f"change ({target!r} may share its memory)",
                    f"copy it (... = {var}.copy() for an array), or make a new value "
                    f"({var} = {var} + ..., or a new object) instead of changing it in place",
                    UnsupportedSyntaxError,
                )

    def _stored(self, s, names, var) -> bool:
        """Does ``s`` (with an :func:`_alias_target`) bind its target to, or store in it, a value
        that may be (or hold, or view) the object of one of ``names``?"""
        if isinstance(s, gast.Assign) and isinstance(s.targets[0], gast.Name):
            return self._shares(s.value, names, var)
        target = _alias_target(s, var)
        value = s.value if isinstance(s, gast.Assign) else anno.get(s, "append")[1]
        return target != var and bool(_names_of(value) & names)

    def _shares(self, value, sources, var) -> bool:
        """May ``value`` be (or hold, or view) the object of a name in ``sources``?"""
        if holders.sequence_of(value):  # xs + [y], [y] * 2, list((y, y))
            return holders.holds(self, value, sources, var)
        if isinstance(value, gast.Name):
            return value.id in sources
        if isinstance(value, (gast.Tuple, gast.List, gast.Dict)):
            return bool(_names_of(value) & sources)
        if isinstance(value, gast.Subscript):
            if isinstance(value.value, gast.Name) and value.value.id in getattr(
                self, "_holders", ()
            ):
                return True  # an item of a user function's result that may hold var
            # a list item is its own object; an array slice is a view, and so is a row
            return (
                isinstance(value.value, gast.Name)
                and value.value.id in sources
                and not certainly_container(self.fn, self.analysis, var)
                and (
                    _view_index(value.slice)
                    or _literal_ndim(self.analysis, var) != _index_length(value.slice)
                )
            )
        if isinstance(value, gast.Call):
            fn = anno.get(value, "fn", None)
            if holders.may_return_given(value, fn):
                # a user function or other callable that may return what it is given
                given = [*value.args, *(k.value for k in value.keywords)]
                if any(self._shares(a, sources, var) for a in given):
                    return True
            path = rules.canonical_name(fn) or ""
            if path in ("tree_field", "dict_get") and _sets_fields_only(self, var):
                return False  # p.w = v or d[k] = v binds a new field: b = p.b keeps its own
            if (
                aliasing.is_view(path, value)
                or uncopied(value)
                or anno.get(value, "fn", None)
                in (
                    rules.ITEM,
                    rules.ASTYPE,
                    rules.DICT_GET,
                )
            ):
                return bool(_names_of(value) & sources)
        return False

    def _shape_tuple(self, value) -> bool:
        """Is ``value`` an array's shape or a slice of one (a tuple)?"""
        if isinstance(value, gast.Subscript) and isinstance(value.slice, gast.Slice):
            value = self._through_temps(value.value)
        return isinstance(value, gast.Attribute) and value.attr == "shape"

    def _through_temps(self, value):
        """Follow a copy of a single-use temporary to the value it was computed from."""
        while isinstance(value, gast.Name) and value.id in self.names.generated:
            # its bindings; the items a comprehension stores into its new list or dict
            # change that object, they do not bind the temporary to another
            defs = [
                (v, d)
                for v, d in self.analysis.defs.get(value.id, [])
                if not (isinstance(d, gast.Assign) and isinstance(d.targets[0], gast.Subscript))
                and not (isinstance(d, gast.Expr) and anno.has(d, "append"))
            ]
            if len(defs) != 1:
                break
            value = defs[0][0]
        return value


def _read_before_change(checker: _Checker, stmt, temp, var) -> bool:
    """Is ``temp`` (set once, by ``stmt`` of ``checker``'s function) read only by the
    statements that follow ``stmt`` in its block up to the first in-place change of
    ``var``, none of which makes another alias of it?"""
    block = _block_of(checker.fn.body, stmt)
    if block is None or len(checker.analysis.defs.get(temp, [])) != 1:
        return False
    reads = 0
    for later in block[block.index(stmt) + 1 :]:
        n = sum(
            1
            for x in walk(later)
            if isinstance(x, gast.Name) and x.id == temp and isinstance(x.ctx, gast.Load)
        )
        if (
            n
            and not _copied_into(checker, later, temp, var)
            and (not isinstance(later, gast.Assign) or checker._shares(later.value, {temp}, var))
        ):
            return False
        reads += n
        if any(_changed_in_place(x) == var for x in walk(later)):
            break
    total = sum(
        1
        for x in walk(gast.Module(body=checker.fn.body, type_ignores=[]))
        if isinstance(x, gast.Name) and x.id == temp and isinstance(x.ctx, gast.Load)
    )
    return reads == total


def _copied_into(checker: _Checker, stmt, temp, var) -> bool:
    """Is ``stmt`` ``var[...] = temp`` on an array, which copies ``temp``'s numbers into
    ``var`` (NumPy reads an overlapping view first), so ``var`` holds no alias of it?"""
    return (
        isinstance(stmt, gast.Assign)
        and isinstance(stmt.targets[0], gast.Subscript)
        and stmt.targets[0].value.id == var
        and var not in checker.analysis.containers
        and isinstance(stmt.value, gast.Name)
        and stmt.value.id == temp
    )


def _alias_target(s, var):
    """The name ``s`` binds or stores into, where it may make an alias of ``var``."""
    if isinstance(s, gast.Assign) and isinstance(s.targets[0], gast.Name):
        target = s.targets[0].id
        return None if target == var or anno.get(s, "inplace", False) else target
    if isinstance(s, gast.Assign) and isinstance(s.targets[0], gast.Subscript):
        return s.targets[0].value.id
    if isinstance(s, gast.Expr) and anno.has(s, "append"):
        return anno.get(s, "append")[0]
    return None


def _after_all_changes(fn, alias, var) -> bool:
    """Can no in-place change of ``var`` run after ``alias``? True when no change
    follows it in its block or in any block around it, and no loop around it
    changes ``var`` (the next iteration would run the change after the alias)."""
    path = _path_to(fn.body, alias)
    if path is None:
        return False

    def changes(stmts) -> bool:
        for s in stmts:
            if (
                isinstance(s, (gast.For, gast.While))
                and _rebound_first(s.body, var)
                and not changes(s.orelse)
            ):
                continue  # each pass changes a new object, never the one aliased
            if any(_changed_in_place(n) == var for n in walk(s)):
                return True
        return False

    for block, node in path:
        if changes(block[block.index(node) + 1 :]):
            return False
        if (
            isinstance(node, (gast.For, gast.While))
            and node is not alias
            and changes(node.body + node.orelse)
            and not _rebound_first(node.body, var)
        ):
            return False
    return True


def _sets_fields_only(checker, var) -> bool:
    """Is every change of ``var`` a set of one of its fields or keys (``p.w = v``,
    ``d[k] = v``)? Such a change rebinds the field; the object a field read before
    holds is not changed."""
    for s in getattr(checker, "changes", {}).get(var, []):
        if not isinstance(s, gast.Assign):
            return False
        if isinstance(s.targets[0], gast.Subscript):
            if certainly_container(checker.fn, checker.analysis, var):
                continue
            return False
        value = checker._through_temps(s.value)
        if not (isinstance(value, gast.Call) and anno.get(value, "fn", None) is object_with):
            return False
    return True


def certainly_container(fn, analysis, var, seen=frozenset()) -> bool:
    """Is every binding of ``var`` a list, tuple or dict (so ``var[...]`` is an item or
    a copy, never a view)? A name that may also hold an array is not."""
    defs = analysis.defs.get(var, [])
    if var in seen or var not in analysis.containers or not defs:
        return False

    def literal(value) -> bool:
        if isinstance(value, (gast.Tuple, gast.List, gast.Dict, gast.ListComp, gast.DictComp)):
            return True
        if isinstance(value, gast.Call):
            return anno.get(value, "fn", None) in (list, tuple, dict)
        if isinstance(value, gast.Name):
            return certainly_container(fn, analysis, value.id, seen | {var})
        if (
            isinstance(value, gast.Subscript)
            and isinstance(value.slice, gast.Slice)
            and isinstance(value.value, gast.Name)
        ):
            # a slice of a container is a new one; xs = xs[1:] keeps a local's kind
            base = value.value.id
            if base == var or base in seen:  # a cycle: only slices of the others
                return base not in fn.params
            return certainly_container(fn, analysis, base, seen | {var})
        if isinstance(value, gast.BinOp) and isinstance(value.op, (gast.Add, gast.Mult)):
            return any(
                literal(op) for op in (value.left, value.right) if not isinstance(op, gast.Constant)
            )
        return False

    for value, d in defs:
        if isinstance(d, gast.Expr) or (
            isinstance(d, gast.Assign) and isinstance(d.targets[0], gast.Subscript)
        ):
            continue  # appends and item writes keep the container
        if not literal(value):
            return False
    return True


def _fresh_arrays(analysis, var) -> bool:
    """Is every value bound to ``var`` a new array made by a user function (no list whose
    items other names may hold)?"""
    defs = [
        v
        for v, d in analysis.defs.get(var, [])
        if isinstance(d, gast.Assign) and isinstance(d.targets[0], gast.Name)
    ]
    return bool(defs) and all(
        isinstance(v, gast.Call) and aliasing.returns_fresh(anno.get(v, "fn", None), arrays=True)
        for v in defs
    )


def _private_items(fn, analysis, var) -> bool:
    """Does container ``var`` only ever hold numbers or fresh arrays that no other name
    refers to (so that changing an item in place changes nothing else)?"""
    if var in fn.params:
        return False
    loads = {}
    for x in walk(gast.Module(body=fn.body, type_ignores=[])):
        if isinstance(x, gast.Name) and isinstance(x.ctx, gast.Load):
            loads[x.id] = loads.get(x.id, 0) + 1

    def private(e):
        if analysis.kind(e) == SCALAR or isinstance(e, gast.Constant):
            return True
        if not isinstance(e, gast.Name) or loads.get(e.id) != 1:
            return False
        defs = analysis.defs.get(e.id, [])
        return len(defs) == 1 and fresh_value(defs[0][0])

    for value, d in analysis.defs.get(var, []):
        if isinstance(value, (gast.List, gast.Tuple)):
            items = value.elts
        elif isinstance(value, gast.Dict):
            items = value.values
        elif isinstance(d, gast.Expr) or (
            isinstance(d, gast.Assign) and isinstance(d.targets[0], gast.Subscript)
        ):
            items = [value]
        else:
            return False
        if not all(private(e) for e in items):
            return False
    return True


def _literal_ndim(analysis, var) -> int | None:
    """The number of axes of ``var`` when every binding makes it with a literal shape
    (``np.zeros(n)``, ``np.ones((n, m))``), else None: then ``var[i]`` may be a view."""
    out = set()
    for value, d in analysis.defs.get(var, []):
        if isinstance(d, gast.Assign) and isinstance(d.targets[0], gast.Subscript):
            continue
        path = rules.canonical_name(anno.get(value, "fn", None)) or ""
        shape = value.args[0] if isinstance(value, gast.Call) and value.args else None
        if path.split(".")[-1] not in ("zeros", "ones", "empty", "full") or shape is None:
            return None
        if isinstance(shape, gast.Tuple) and all(analysis.kind(e) == SCALAR for e in shape.elts):
            out.add(len(shape.elts))
        elif analysis.kind(shape) == SCALAR:
            out.add(1)
        else:
            return None
    return out.pop() if len(out) == 1 else None


def _holds_list(analysis: Analysis, name: str) -> bool:
    """Whether some assignment gives ``name`` a list (a literal, a comprehension,
    ``list(...)`` or a concatenation with one)."""

    def makes_list(value):
        if isinstance(value, (gast.List, gast.ListComp)):
            return True
        if isinstance(value, gast.Call):
            return anno.get(value, "fn", None) is list
        if isinstance(value, gast.BinOp):
            return makes_list(value.left) or makes_list(value.right)
        return False

    return name in analysis.containers and any(
        makes_list(value) for value, _ in analysis.defs.get(name, [])
    )


def _check_defaults(fn: NormalFunction, analysis: Analysis, fdef) -> None:
    """A default of a local ``def`` or ``lambda`` is evaluated once, where it is defined:
    one read from a differentiated value (``lambda t, k=k: t * k``) is a constant to
    the calls, whose derivative would then miss it."""
    for default in fdef.args.defaults + [d for d in fdef.args.kw_defaults if d]:
        active = sorted(n for n in loads_in(default) if n in analysis.active)
        if active:
            raise fn.info.error(
                fdef,
                f"the default value of a parameter of the local function "
                f"{fdef.name!r} reads the differentiated value {active[0]!r}, which "
                "cannot be differentiated",
                f"pass {active[0]} as an argument of the call "
                "or read it in the body of the function",
                UnsupportedSyntaxError,
            )


def _rebound_first(body, var) -> bool:
    """Does each pass through loop ``body`` bind ``var`` to a new object (``row = []``)
    before it changes ``var`` in place (in each branch of an ``if`` that does)? Then a
    change in the next pass is not seen by an alias made in this one (the rows of a
    nested list comprehension)."""
    for s in body:
        if (
            isinstance(s, gast.Assign)
            and isinstance(s.targets[0], gast.Name)
            and s.targets[0].id == var
            and not anno.get(s, "inplace", False)
            and is_fresh(s.value)
        ):
            return True
        changed = [
            branch
            for branch in ((s.body, s.orelse) if isinstance(s, gast.If) else ())
            if any(_changed_in_place(n) == var for b in branch for n in walk(b))
        ]
        if isinstance(s, gast.If) and all(_rebound_first(b, var) for b in changed):
            continue  # a branch that changes var binds it to a new object first
        if any(_changed_in_place(n) == var for n in walk(s)):
            return False
    return True  # no change left that a new object does not take


def _path_to(stmts, stmt):
    """``[(block, node), ...]`` from the function body down to ``stmt``: each block and
    the statement in it that is or holds ``stmt``; None when ``stmt`` is not there."""
    for s in stmts:
        if s is stmt:
            return [(stmts, s)]
        if isinstance(s, gast.FunctionDef):
            continue
        for part in (getattr(s, "body", None), getattr(s, "orelse", None)):
            if isinstance(part, list):
                inner = _path_to(part, stmt)
                if inner is not None:
                    return [(stmts, s)] + inner
    return None


def rebound_first(fn: NormalFunction, var: str) -> bool:
    """Is argument ``var`` rebound at the top level of ``fn`` before anything changes it?"""
    for s in fn.body:
        if (
            isinstance(s, gast.Assign)
            and isinstance(s.targets[0], gast.Name)
            and s.targets[0].id == var
            and not anno.get(s, "inplace", False)
        ):
            return True
        for n in walk(s):
            if isinstance(n, gast.Name) and n.id == var and isinstance(n.ctx, gast.Store):
                return False
            if _changed_in_place(n) == var:
                return False
    return False


def _changed_in_place(node) -> str | None:
    """The variable ``node`` changes in place (``y[i] = v``, ``ys.append(v)``, ``y += v``)."""
    if isinstance(node, gast.Assign):
        target = node.targets[0]
        if isinstance(target, gast.Subscript):
            return target.value.id
        if anno.get(node, "inplace", False):
            return target.id
    if isinstance(node, gast.Expr) and anno.has(node, "append"):
        return anno.get(node, "append")[0]
    return None


def _new(checker, value) -> bool:
    """Does ``value`` make a new object (no other name holds it)?"""
    return is_fresh(value) or aliasing.makes_new(value) or aliasing.new_item(checker, value)


def _names_of(node) -> set[str]:
    return set(loads_in(node))


def _view_index(index) -> bool:
    """Does indexing an array with ``index`` give a view (not a copy or a number)?"""
    if isinstance(index, gast.Tuple):
        return any(_view_index(e) for e in index.elts)
    if isinstance(index, gast.Slice):
        return True
    if isinstance(index, gast.Constant):
        return index.value is None or index.value is Ellipsis
    return False


def _index_length(index) -> int:
    """How many axes an index of integers takes (a tuple of them, or one)."""
    return len(index.elts) if isinstance(index, gast.Tuple) else 1


def _grown_or_popped(stmt) -> str | None:
    """The list that ``xs.append(v)`` or ``v = xs.pop()`` changes in place, ``xs``; None
    for another statement."""
    if isinstance(stmt, gast.Expr) and anno.has(stmt, "append"):
        return anno.get(stmt, "append")[0]
    if isinstance(stmt, gast.Assign) and isinstance(stmt.value, gast.Call):
        return anno.get(stmt.value, "pop", None)
    return None


def _inactive_view(analysis, var) -> bool:
    """Is ``var``, not differentiated, bound to a view of a differentiated value (``z =
    s2sgrad.stop_gradient(y)``: ``y`` itself), so that changing it changes that value?"""
    for value, _ in analysis.defs.get(var, []):
        fn = anno.get(value, "fn", None) if isinstance(value, gast.Call) else None
        path = rules.canonical_name(fn) if fn is not None else None
        if path and aliasing.is_view(path, value) and analysis.is_active(value):
            return True
    return False
