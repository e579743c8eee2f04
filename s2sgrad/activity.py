"""Which names depend on the differentiated inputs, and which are known scalars.

    def f(x, n):            active = {x, y, z}
        y = x * n           scalars = {n, k} when n is a Python number
        k = n + 1
        z = y * k

Both analyses are flow-insensitive fixpoints over every assignment, so loops
need no special care: a name is active if any assignment to it reads an
active name, and scalar if every assignment to it produces a scalar.
"""

from __future__ import annotations

import collections
import types
from dataclasses import dataclass, field

import gast
import numpy as np

from . import anno, rules, runtime
from .container_names import _containers
from .distributions import frozen_kind
from .errors import UnsupportedSyntaxError
from .items import item_displays
from .kind_meets import UNKNOWN, _meet, _unflagged
from .nested import Nested
from .normalize import (
    _INACTIVE_ATTRS,
    CALLED_VALUE,
    OBJECT_METHOD,
    LocalFunction,
    NormalFunction,
    closure_free,
    common_item_kind,
    object_kind,
    sub_kind,
)
from .normalize.object_lists import returned_items_class
from .normalize.operator_results import helper_result_kind
from .normalize.outside_logs import check_outside_logs
from .normalize.records import made_kind, returned_class
from .optimize import PASSES
from .parsing import _MISSING, NUMBER, InstanceOf
from .readbacks import check_readbacks
from .syntax import iter_child_nodes, loads_in, name_item, stores_in, walk

SCALAR, ARRAY = "scalar", "array"


@dataclass
class Analysis:
    active: set[str]
    kinds: dict[str, str]
    defs: dict[str, list] = field(default_factory=dict)
    containers: set[str] = field(default_factory=set)
    tuples: dict[str, gast.expr] = field(default_factory=dict)  # see displays
    items: set[str] = field(default_factory=set)  # see container_items
    wrt: frozenset = frozenset()  # the parameters differentiated

    def kind(self, node) -> str:
        if isinstance(node, gast.Constant):
            return (
                SCALAR
                if isinstance(node.value, (int, float)) and not isinstance(node.value, bool)
                else UNKNOWN
            )
        if isinstance(node, gast.Name):
            return self.kinds.get(node.id, UNKNOWN)
        return UNKNOWN

    def is_active(self, node) -> bool:
        return any(n in self.active for n in loads_in(node))

    def propagates(self, value) -> bool:
        """Can a derivative flow from the active names ``value`` reads into its result?"""
        return _propagates(value, self.active, self.tuples)


# helpers given a dict whose structure only they read (generated code read back for a
# Hessian): its keys' values keep their own activity
_LIKE = (runtime.fresh_adjoint,)


def displays(defs, body, params=()) -> dict[str, gast.expr]:
    """The names bound once, to a tuple display (``pair = (layer, act)`` of a zip's items)
    or to a dict display with string keys that is only ever read by a constant key
    (``opts["act"]``, as ``f(x, **opts)`` is lowered): ``pair[1]`` reads that element only,
    so ``act = pair[1]`` is not differentiated because ``layer`` is. A parameter is never
    one: before its rebinding it holds the argument."""
    seen: dict[str, list] = {}
    for n, value, stmt in defs:
        seen.setdefault(n, []).append((value, stmt))
    for n in params:
        seen.pop(n, None)
    out = {}
    for n, entries in seen.items():
        v = entries[0][0]
        if len(entries) != 1:
            merged = _keyed_stores(entries)
            if merged is not None:
                out[n] = merged
            continue
        if isinstance(v, gast.Tuple) and not any(isinstance(e, gast.Starred) for e in v.elts):
            out[n] = v
        elif isinstance(v, gast.Dict) and all(
            isinstance(k, gast.Constant) and isinstance(k.value, str) for k in v.keys
        ):
            out[n] = v
    dicts = {n for n, v in out.items() if isinstance(v, gast.Dict)}
    if dicts:
        keyed = set()
        for node in walk(gast.Module(body=body, type_ignores=[])):
            if (
                isinstance(node, gast.Subscript)
                and isinstance(node.value, gast.Name)
                and isinstance(node.slice, gast.Constant)
                and isinstance(node.ctx, (gast.Load, gast.Store))  # a store: _keyed_stores
            ):
                keyed.add(id(node.value))
            elif isinstance(node, gast.Call) and anno.get(node, "fn", None) is len:
                keyed.update(id(a) for a in node.args)  # len(opts): checks of f(**opts)
            elif isinstance(node, gast.Call) and anno.get(node, "fn", None) in _LIKE:
                keyed.update(id(a) for a in node.args[1:])  # fresh_adjoint(g, opts): its keys
            elif isinstance(node, gast.Compare) and all(
                isinstance(op, (gast.In, gast.NotIn)) for op in node.ops
            ):
                keyed.update(id(c) for c in node.comparators)  # "mask" in opts
        for node in walk(gast.Module(body=body, type_ignores=[])):
            if isinstance(node, gast.Name) and node.id in dicts and id(node) not in keyed:
                if isinstance(node.ctx, gast.Load):
                    out.pop(node.id, None)  # passed on whole: a callee may change it
    return out


def _keyed_stores(entries):
    """A dict display bound first, then only ``d["key"] = v`` with constant keys (keys
    added in branches, normalize.branch_keys): one display whose value for each key is
    the tuple of every value stored there, so ``d["act"]`` is differentiated only if one
    of those is; None for anything else."""
    (first, stmt), rest = entries[0], entries[1:]
    if not (
        isinstance(first, gast.Dict)
        and isinstance(stmt.targets[0], gast.Name)
        and all(isinstance(k, gast.Constant) and isinstance(k.value, str) for k in first.keys)
    ):
        return None
    values = {k.value: [v] for k, v in zip(first.keys, first.values)}
    for value, stmt in rest:
        target = stmt.targets[0] if isinstance(stmt, gast.Assign) else None
        if not (
            isinstance(target, gast.Subscript)
            and isinstance(target.slice, gast.Constant)
            and isinstance(target.slice.value, str)
        ):
            return None
        values.setdefault(target.slice.value, []).append(value)
    return gast.Dict(
        keys=[gast.Constant(value=k, kind=None) for k in values],
        values=[gast.Tuple(elts=vs, ctx=gast.Load()) for vs in values.values()],
    )


def definitions(body) -> list[tuple[str, gast.AST, gast.AST]]:
    """Every ``(name, value, statement)`` assignment in ``body``, loops and branches included.

    Loop targets appear with the loop node as value; appends to a list count as
    assignments of the list (its content changes).
    """
    out = []
    for node in _walk_scope(body):
        if isinstance(node, gast.Assign):
            target = node.targets[0]
            if isinstance(target, gast.Name):
                out.append((target.id, node.value, node))
            elif isinstance(target, gast.Subscript):
                out.append((target.value.id, node.value, node))
        elif isinstance(node, gast.For):
            out.append((node.target.id, node, node))
        elif isinstance(node, gast.Expr) and anno.has(node, "append"):
            lst, value = anno.get(node, "append")
            out.append((lst, value, node))
    return out


def _walk_scope(body):
    """The nodes of ``body`` in this scope: a nested def's own locals are other variables
    (``output = ...`` in a helper is not the enclosing ``output`` list), so only its
    statements that assign names it declares ``nonlocal`` are visited. Breadth first, in
    source order, as ``gast.walk`` (the fixpoints over the definitions take one round per
    chain of names in that order, so another order made them quadratic)."""
    todo = collections.deque(body)
    while todo:
        node = todo.popleft()
        if isinstance(node, (gast.FunctionDef, gast.AsyncFunctionDef, gast.Lambda)):
            shared = {n for sub in walk(node) if isinstance(sub, gast.Nonlocal) for n in sub.names}
            if shared:
                yield from (
                    sub
                    for sub in walk(node)
                    if isinstance(sub, gast.Assign)
                    and isinstance(sub.targets[0], gast.Name)
                    and sub.targets[0].id in shared
                )
            continue
        yield node
        todo.extend(iter_child_nodes(node))


def spread(defs, active: set, reaches) -> set:
    """``active`` (changed in place) grown by every name of ``definitions`` whose
    ``reaches(value, stmt)`` holds, until nothing changes (both modes' activity). Each
    round adds a name or ends, so it ends within ``len(defs)`` rounds."""
    changed = True
    while changed:
        changed = False
        for n, value, stmt in defs:
            if n in active or isinstance(value, gast.For):
                continue
            if reaches(value, stmt):
                active.add(n)
                changed = True
    return active


def analyse(fn: NormalFunction, active_params, param_kinds: dict[str, str]) -> Analysis:
    defs = definitions(fn.body)
    by_name: dict[str, list] = {}
    for n, value, stmt in defs:
        by_name.setdefault(n, []).append((value, stmt))

    active = set(active_params)
    if "activity" not in PASSES:  # every value gets an adjoint (for tests of the pass)
        active |= set(fn.params) | set(by_name)
    given = [*fn.params, fn.vararg, fn.kwarg, *(getattr(v, "id", v) for v in fn.free)]
    given = [n for n in given if isinstance(n, str)]
    tuples = displays(defs, fn.body, given)
    for n, display in item_displays(fn, defs, set(given)).items():
        tuples.setdefault(n, display)  # args = list(args); args[1] = v: item by item
    spread(defs, active, lambda value, stmt: _propagates(value, active, tuples))

    kinds = {p: param_kinds.get(p, UNKNOWN) for p in fn.params}
    for n in by_name:
        kinds.setdefault(n, None)  # optimistic until an assignment says otherwise
    for n in _free_numbers(fn, kinds):
        kinds[n] = SCALAR
    kinds.update(_free_objects(fn, kinds))
    analysis = Analysis(active, kinds, by_name, tuples=tuples, items=container_items(by_name))
    analysis.wrt = frozenset(active_params)
    appended: dict = {}  # list -> the names appended to it
    for n, value, stmt in defs:
        if isinstance(stmt, gast.Expr):
            appended.setdefault(n, set()).add(value.id if isinstance(value, gast.Name) else None)
    changed = True
    while changed:
        changed = False
        for n, entries in by_name.items():
            k = param_kinds.get(n, UNKNOWN) if n in fn.params else None
            unsaid = False
            for value, stmt in entries:
                if isinstance(stmt, gast.Assign) and isinstance(stmt.targets[0], gast.Subscript):
                    continue
                if isinstance(stmt, gast.Expr):
                    k = UNKNOWN
                    continue
                if _says_nothing(n, value, appended):
                    unsaid = True
                    continue
                k = _meet(k, _kind_of(value, analysis))
            if unsaid and not (isinstance(k, tuple) and k[0] == "object"):
                k = _meet(k, UNKNOWN)  # None or a restored value: an object's kind only
            if k != kinds[n]:
                kinds[n] = k
                changed = True
    for n, k in kinds.items():
        if k is None:
            kinds[n] = UNKNOWN
    if lower_field_reads(fn, analysis):
        defs = definitions(fn.body)
        analysis.defs = {}
        for n, value, stmt in defs:
            analysis.defs.setdefault(n, []).append((value, stmt))
    analysis.containers = _containers(fn, defs, param_kinds)
    check_object_reads(fn, active, analysis.items)
    check_outside_logs(fn, active)  # LOG.append(v): plain values only
    check_readbacks(fn, defs, analysis)  # float(str(x)): text read back
    return analysis


def container_items(by_name: dict) -> set[str]:
    """The names every assignment of which reads an item of a container (``act =
    layer_and_act[1]``): a function value among them may sit beside differentiated arrays
    in that container without being made from them, which the call checks when it runs
    (:func:`s2sgrad.runtime.stateless_function`)."""
    return {
        n
        for n, entries in by_name.items()
        if all(
            isinstance(value, gast.Subscript)
            and isinstance(value.value, gast.Name)
            and isinstance(stmt, gast.Assign)
            and isinstance(stmt.targets[0], gast.Name)
            for value, stmt in entries
        )
    }


def _says_nothing(n, value, appended) -> bool:
    """Does ``n = value`` keep the class of the object ``n`` holds (if any) known: ``n =
    None`` (a method call on it fails as written), or ``n = saved.pop()`` of a list only
    ``n`` is appended to (a value it held: generated code read back)?"""
    if isinstance(value, gast.Constant) and value.value is None:
        return True
    return (
        isinstance(value, gast.Call)
        and anno.get(value, "fn", None) is rules.LIST_POP
        and appended.get(anno.get(value, "pop")) == {n}
    )


def _is_field_read(value) -> bool:
    """``obj.w`` of a local name, other than the shape queries ``x.shape``, ``x.ndim``..."""
    return (
        isinstance(value, gast.Attribute)
        and isinstance(value.value, gast.Name)
        and value.attr not in _INACTIVE_ATTRS
    )


def _shadows_helper(fn: NormalFunction, helper: str, value) -> bool:
    """Does the name ``helper`` mean something else than the runtime helper ``value`` in
    ``fn``: a name of its own, or a free name bound to another value? The names a nested
    function shares with the code around it (generated code read back, for a Hessian,
    calls the helper by that name) are not its own."""
    if helper not in fn.names.taken - fn.names.generated:
        return False
    own = set(fn.params) | stores_in(gast.Module(body=fn.body, type_ignores=[]))
    return helper in own or fn.info.lookup(helper) not in (_MISSING, value)


def lower_field_reads(fn: NormalFunction, analysis: Analysis) -> bool:
    """``z = p.w`` of a differentiated value is a field of a NamedTuple or dataclass tree
    (at any depth: ``p.first.w``, ``p.layers[0].b``, ``for layer in layers: layer.W``):
    it becomes ``z = tree_field(p, 'w')``, whose rule sends ``z``'s adjoint to that field.
    On a value known to be an array or a number, or for an attribute of NumPy arrays, it
    is an error (``tree_field`` checks the others when it runs). True if any was lowered."""
    lowered = False
    for node in walk(gast.Module(body=fn.body, type_ignores=[])):
        if not (
            isinstance(node, gast.Assign)
            and _is_field_read(node.value)
            and node.value.value.id in analysis.active
        ):
            continue
        attr = node.value
        kind = analysis.kinds.get(attr.value.id)
        of_object = type(kind) is tuple and kind[:1] == ("object",)  # self.mean of a class
        if kind in (SCALAR, ARRAY) or (hasattr(np.ndarray, attr.attr) and not of_object):
            raise fn.info.error(
                attr,
                f"the attribute .{attr.attr} of a differentiated value cannot be differentiated",
                "differentiate with respect to arrays, or dicts, lists, "
                "tuples, NamedTuples or dataclasses of them",
                UnsupportedSyntaxError,
            )
        if _shadows_helper(fn, "tree_field", runtime.tree_field):
            raise fn.info.error(
                attr,
                "the name tree_field, which this function uses, is the "
                "helper that reads fields of differentiated trees",
                "rename the variable",
                UnsupportedSyntaxError,
            )
        call = gast.Call(
            func=gast.Name(id="tree_field", ctx=gast.Load(), annotation=None, type_comment=None),
            args=[attr.value, gast.Constant(value=attr.attr, kind=None)],
            keywords=[],
        )
        anno.set(call, "fn", runtime.tree_field)
        node.value = gast.copy_location(call, attr)
        lowered = True
    return lowered


def check_object_reads(fn: NormalFunction, active, items=frozenset()) -> None:
    """A method call ``obj.f(...)`` on an object s2sgrad knows nothing about runs as
    written and carries no derivative: reject it where a differentiated value would flow
    through it (a zero gradient would be wrong). Attribute reads of differentiated values
    are fields (:func:`lower_field_reads`)."""
    for node in walk(gast.Module(body=fn.body, type_ignores=[])):
        if (
            isinstance(node, gast.Call)
            and anno.get(node, "fn", None) is CALLED_VALUE
            and isinstance(node.func, gast.Name)
            and node.func.id in active
            and node.func.id not in items  # an item of a container: checked when it runs
        ):  # the callable itself differentiated (an object made from them): not followed
            raise fn.info.error(
                node,
                "the function called here holds differentiated values (an object made "
                "from them), and s2sgrad cannot see which function it is",
                "call a method of an object whose class s2sgrad can see (model.predict(x)), "
                "or pass the values to the function as arguments",
                UnsupportedSyntaxError,
            )
        if isinstance(node, gast.Call) and anno.get(node, "fn", None) is OBJECT_METHOD:
            reads = loads_in(
                gast.Tuple(
                    elts=[node.func.value] + node.args + [k.value for k in node.keywords],
                    ctx=gast.Load(),
                )
            )
            if any(n in active for n in reads):
                owner = node.func.value
                module = (
                    fn.info.globals.get(owner.id)
                    if isinstance(owner, gast.Name)
                    and owner.id not in fn.params
                    and owner.id not in stores_in(gast.Module(body=fn.body, type_ignores=[]))
                    else None
                )
                if isinstance(module, types.ModuleType) and not hasattr(module, node.func.attr):
                    version = getattr(module, "__version__", None)
                    installed = f" ({module.__name__} {version})" if version else ""
                    raise fn.info.error(
                        node,
                        f"module {module.__name__!r} has no attribute {node.func.attr!r}",
                        "check the name: it may have been renamed or removed in the installed "
                        f"version{installed}",
                        UnsupportedSyntaxError,
                    )
                if not any(n in active for n in loads_in(owner)):
                    continue  # a callee known when the code runs (reverse.calls.called_value)
                hint = (
                    "call the NumPy function or a method of a user class, or register a "
                    "derivative rule"
                )
                owner = node.func.value
                if isinstance(owner, gast.Name) and owner.id in active and owner.id in fn.params:
                    hint = (
                        f"{owner.id!r} holds differentiated values: an object of a user class "
                        "built from them (Model(params)) is not differentiated through; pass "
                        "the values to its methods instead (model.loss(params, ...))"
                    )
                if node.func.attr == "view":
                    hint = (
                        "x.view(dtype) reinterprets the array's bytes, which has no "
                        "derivative: convert the values with x.astype(dtype) (x.view() "
                        "without arguments is a view of the same values)"
                    )
                if node.func.attr in _DENSITIES:
                    hint = (
                        "for a frozen SciPy distribution passed in as an argument, call "
                        "the distribution's method with its parameters (norm.logpdf(x, loc, "
                        "scale)), or make the frozen object in the function or at module level"
                    )
                raise fn.info.error(
                    node,
                    f"the method .{node.func.attr}() receives a differentiated value, "
                    "but s2sgrad cannot see which function it calls",
                    hint,
                    UnsupportedSyntaxError,
                )


_DENSITIES = {"logpdf", "pdf", "cdf", "logcdf", "sf", "logsf", "pmf", "logpmf"}


def _free_objects(fn: NormalFunction, local) -> dict:
    """Module globals and closure variables holding an instance of a user class, with their
    object kind (a callee they are passed to resolves its methods on the class). The
    transform records the class: an instance of another class makes it transform again."""
    out = {}
    info = fn.info
    for node in walk(gast.Module(body=fn.body, type_ignores=[])):
        if (
            not isinstance(node, gast.Name)
            or node.id in local
            or node.id in out
            or node.id in fn.names.generated
        ):
            continue
        if node.id not in info.closure and node.id not in info.globals:
            continue
        value = info.closure.get(node.id, info.globals.get(node.id))
        kind = object_kind(value)
        if kind is not None:
            detailed = kind[0] == "items" or len(kind) > 2
            info.resolved.setdefault(
                (node.id,),
                InstanceOf(kind[1], kind, object_kind) if detailed else InstanceOf(kind[1]),
            )
            out[node.id] = kind
        elif frozen_kind(value) is not None:  # a frozen distribution passed to a callee
            info.resolved.setdefault((node.id,), value)
            out[node.id] = frozen_kind(value)
    return out


def _free_numbers(fn: NormalFunction, local) -> list[str]:
    """Module globals and closure variables that hold a Python number now.

    They are treated as scalars; the transform records them, so rebinding one
    to another object makes s2sgrad transform the function again.
    """
    out = []
    seen = set()
    for node in walk(gast.Module(body=fn.body, type_ignores=[])):
        if not isinstance(node, gast.Name) or node.id in local or node.id in seen:
            continue
        seen.add(node.id)
        if node.id in fn.names.generated:
            continue
        info = fn.info
        value = info.closure.get(node.id, info.globals.get(node.id))
        if (
            isinstance(value, (int, float))
            and not isinstance(value, bool)
            and (node.id in info.closure or node.id in info.globals)
        ):
            info.resolved[node.id] = NUMBER
            out.append(node.id)
    return sorted(out)


def _propagates(value, active, tuples=None) -> bool:
    if _is_field_read(value):
        return value.value.id in active  # a field of a tree (see lower_field_reads)
    if isinstance(value, (gast.Attribute, gast.Compare, gast.JoinedStr, gast.Constant)):
        return False
    if isinstance(value, gast.UnaryOp) and isinstance(value.op, (gast.Not, gast.Invert)):
        return False
    if isinstance(value, gast.BinOp) and isinstance(value.op, gast.FloorDiv):
        return False  # piecewise constant: derivative 0 almost everywhere (rules/python.py)
    if (
        isinstance(value, gast.BinOp)
        and isinstance(value.op, gast.Mod)
        and (
            isinstance(value.left, gast.JoinedStr)
            or (isinstance(value.left, gast.Constant) and isinstance(value.left.value, str))
        )
    ):
        return False  # "loss %.3f" % s formats a string
    if isinstance(value, gast.Subscript):
        item = _tuple_item(value, tuples or {})
        if item is not None:
            return _propagates(item, active, tuples)
        return any(n in active for n in loads_in(value.value))
    if isinstance(value, gast.Call):
        fn = anno.get(value, "fn", None)
        if (
            rules.is_nondifferentiable(fn)
            or fn is rules.ASTYPE_OTHER
            or anno.get(value, "cast", None) == "none"  # np.array(v, dtype=int)
            or anno.get(value, "dict_keys", False)
        ):  # sorted(d): the keys carry no derivative
            return False
        if fn is rules.LIST_POP:
            return anno.get(value, "pop") in active
        reads = loads_in(
            gast.Tuple(elts=value.args + [k.value for k in value.keywords], ctx=gast.Load())
        )
        if isinstance(fn, (LocalFunction, Nested)):
            reads = reads + list(fn.free)
        # apply(lambda v: v * w, x): the local functions passed read w (closure_free)
        reads = reads + closure_free(anno.get(value, "spec", ()))
        if fn is CALLED_VALUE:  # flow[0](x): the callee may hold differentiated values
            reads = reads + loads_in(value.func)
        return any(n in active for n in reads)
    return any(n in active for n in loads_in(value))


def _tuple_item(value: gast.Subscript, tuples: dict):
    """The element ``t[k]`` reads of a display of :func:`displays`, or None."""
    if not (isinstance(value.value, gast.Name) and value.value.id in tuples):
        return None
    k, display = value.slice, tuples[value.value.id]
    if anno.has(value, "position"):  # args[ARGNUM]: a free name holding an int
        k = gast.Constant(value=anno.get(value, "position"), kind=None)
    if not isinstance(k, gast.Constant):
        return None
    if isinstance(display, gast.Dict):
        keys = [key.value for key in display.keys]
        return display.values[keys.index(k.value)] if k.value in keys else None
    elts = display.elts
    if type(k.value) is int and -len(elts) <= k.value < len(elts):
        return elts[k.value]
    return None


def _set_kind(base, value, analysis):
    """The kind of ``object_with(x, 'a', v)`` (``x`` of kind ``base``): the constants
    recorded of ``.a`` and the attribute names no longer hold; ``.a`` holds ``v``'s
    kind, or, for changed items put back in their list (``same_kind``), objects of the
    classes it held, whose own constants no longer hold either."""
    attr = getattr(value.args[1], "value", None)
    fields = [f for f in base[2] if f[0] not in (attr, "__dict__")]
    if anno.get(value, "same_kind", False):
        old = dict(base[2]).get(attr)
        held = _unflagged(old) if old is not None else None
    else:
        held = _kind_of(value.args[2], analysis) if len(value.args) > 2 else None
    if isinstance(held, tuple) and held[0] in ("object", "items", "each"):
        fields.append((attr, held))  # self.bn = BN(): the new object's kind
    return base[:2] + (tuple(sorted(fields, key=lambda f: f[0])),)


def _kind_of(value, analysis: Analysis):
    if isinstance(value, gast.For):
        return SCALAR
    if isinstance(value, gast.Dict):  # a callee given it knows `for k in d` reads keys
        return ("dict", dict)
    if isinstance(value, (gast.Constant, gast.Name)):
        if isinstance(value, gast.Name) and analysis.kinds.get(value.id, UNKNOWN) is None:
            return None
        return analysis.kind(value)
    if isinstance(value, gast.UnaryOp):
        return analysis.kind(value.operand) if not isinstance(value.op, gast.Not) else UNKNOWN
    if isinstance(value, gast.BinOp):
        if isinstance(value.op, gast.MatMult):
            return UNKNOWN
        return _combine([value.left, value.right], analysis)
    if isinstance(value, gast.Call):
        fn = anno.get(value, "fn", None)
        if fn in (len, int, float, round):
            return SCALAR
        made = anno.get(value, "made", None)  # HMM(theta), Params(w, b): normalize.records
        if made is not None:
            if issubclass(made, tuple):
                return ("namedtuple", made)
            return anno.get(value, "made_kind", None) or made_kind(made)
        if fn is runtime.loop_items:  # the sequence itself, where it is not a dict
            held = _kind_of(value.args[0], analysis)
            return UNKNOWN if isinstance(held, tuple) and held[0] == "dict" else held
        if fn is runtime.outside_copy:  # model = outside_copy(MODEL): MODEL's kind
            return _kind_of(value.args[0], analysis)
        if fn is runtime.tree_field and len(value.args) == 2:  # tree_field(self, 'bn')
            attr = value.args[1]
            part = sub_kind(_kind_of(value.args[0], analysis), getattr(attr, "value", None))
            if part is not None:
                return part
        if fn is runtime.object_with or fn is runtime.tree_replace:
            # self.a = v in its __init__, dataclasses.replace(p, a=v): the same class, but
            # what the kind recorded of .a (a constant None, a held object) no longer holds
            base = _kind_of(value.args[0], analysis)
            if fn is runtime.object_with and isinstance(base, tuple) and len(base) > 2:
                return _set_kind(base, value, analysis)
            return base
        if isinstance(fn, LocalFunction):
            return UNKNOWN
        items = returned_items_class(fn)  # flow = build_flow(params): [Layer(p) for ...]
        if items is not None:
            return ("each", made_kind(items))
        if isinstance(fn, types.FunctionType) and value.args:
            # p = p.__class__.__add__(p, q): what the method returns (return Vec(...),
            # return self), given the class of the object it is called on
            first = _kind_of(value.args[0], analysis)
            owner = first[1] if isinstance(first, tuple) and first[0] == "object" else None
            made = returned_class(fn, owner, method=owner is not None)
            if made is not None and not issubclass(made, tuple):
                return made_kind(made)
            if not value.keywords:  # def step(p, v): return p + v * dt
                held = [_kind_of(a, analysis) for a in value.args]
                classes = [_object_class_of(k) for k in held]
                returned = helper_result_kind(fn, classes)
                if returned is not None:
                    return returned
        prim = rules.lookup(fn)
        if prim is not None and prim.path.startswith("math."):
            return SCALAR
        if prim is not None and prim.elementwise and not value.keywords:
            return _combine(value.args, analysis)
        if (
            prim is not None
            and prim.path in _FULL_REDUCTIONS
            and len(value.args) == 1
            and not {k.arg for k in value.keywords} & {"axis", "keepdims", "out", "where"}
        ):
            return SCALAR
    if isinstance(value, gast.Attribute) and value.attr in ("ndim", "size"):
        return SCALAR
    changed = _changed_object(value, analysis)
    if changed is not None:  # self = set_params_returned[1]: the object it was called on
        return _kind_of(changed, analysis)
    if isinstance(value, gast.Subscript) and anno.has(value, "item_kind"):
        return anno.get(value, "item_kind")  # for layer in [Dense(p) for p in ps]
    display = _display_item(value, analysis)
    if display is not None:  # nets = (Gen(w), Disc(v)); nets[0]: the object's kind
        return _kind_of(display, analysis)
    if isinstance(value, (gast.Attribute, gast.Subscript)) and isinstance(value.value, gast.Name):
        # self.parser, layers[0], layers[i]: what the kind of an object or list says
        whole = analysis.kinds.get(value.value.id)
        if isinstance(value, gast.Attribute):
            part = sub_kind(whole, value.attr)
        elif isinstance(value.slice, gast.Constant):
            part = sub_kind(whole, value.slice.value)
        else:
            part = common_item_kind(whole)
        if part is not None:
            return part
    if name_item(value) is not None:
        defs = analysis.defs.get(name_item(value)[0], [])
        if len(defs) == 1 and isinstance(defs[0][0], gast.Attribute) and defs[0][0].attr == "shape":
            return SCALAR
    return UNKNOWN


def _changed_object(value, analysis: Analysis):
    """The object ``returned[1]`` is a new value of, where ``returned`` holds what a method
    that changes its object returned (``("self_changes",)`` in its call's spec:
    :mod:`s2sgrad.normalize.self_changes`); else None."""
    if not (
        isinstance(value, gast.Subscript)
        and isinstance(value.value, gast.Name)
        and isinstance(value.slice, gast.Constant)
        and value.slice.value == 1
    ):
        return None
    defs = analysis.defs.get(value.value.id, [])
    made = defs[0][0] if len(defs) == 1 else None
    if isinstance(made, gast.Call) and ("self_changes",) in anno.get(made, "spec", ()):
        return made.args[0] if made.args else None
    return None


def _object_class_of(kind):
    """The class of an object kind, or None."""
    return kind[1] if isinstance(kind, tuple) and kind[0] == "object" else None


def _display_item(value, analysis: Analysis):
    """The element ``value`` reads (``pair[1]`` of a name bound once to a tuple display,
    :func:`displays`), a name, or None."""
    item = name_item(value)
    if item is None:
        return None
    display, i = analysis.tuples.get(item[0]), item[1]
    if not isinstance(display, gast.Tuple) or not i < len(display.elts):
        return None
    elt = display.elts[i]
    return elt if isinstance(elt, gast.Name) else None


# reductions over every axis return a NumPy scalar
_FULL_REDUCTIONS = {
    "np.sum",
    "np.mean",
    "np.prod",
    "np.max",
    "np.amax",
    "np.min",
    "np.amin",
    "np.var",
    "np.std",
}


def _combine(operands, analysis):
    kinds = []
    for op in operands:
        k = analysis.kinds.get(op.id) if isinstance(op, gast.Name) else analysis.kind(op)
        if k is None:
            return None
        kinds.append(k)
    if all(k == SCALAR for k in kinds):
        return SCALAR
    if all(k in (SCALAR, ARRAY) for k in kinds):
        return ARRAY
    return UNKNOWN
