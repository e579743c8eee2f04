"""The lowering pass itself: ``normalize`` runs :class:`_Lowering` (its methods
come from one mixin per kind of construct) over a parsed function.

    h = np.tanh(x @ w + b)    ->    h_matmul = x @ w
                                    h_add = h_matmul + b
                                    h = np.tanh(h_add)
"""

from __future__ import annotations

import builtins
import dataclasses

import gast

from .. import anno, runtime
from ..emit import to_source
from ..exits import lower_exits
from ..parsing import SourceInfo
from ..syntax import Names, assign, clone, name, names_in, walk
from .arguments import Arguments
from .attribute_calls import attribute_calls
from .bound_kinds import BoundKinds
from .branch_functions import split_tails
from .branch_keys import branch_keys
from .calls import Calls
from .changed import distinct_reads, recorded_reads
from .changes import make_changes_explicit
from .contexts import lower_withs
from .derivative_names import inline_derivative_names
from .effects import Effects
from .expressions import Expressions
from .factories import inline_factories
from .folds import Folds, stored_attributes
from .given_holdings import check_given_holdings
from .item_changes import lower_item_changes
from .iterators import Uses, check_maps
from .kinds import ObjectKinds, loop_targets
from .local_trees import local_namedtuples
from .loops import Loops
from .methods import Methods
from .nonlocals import lower_nonlocals
from .objects import Objects
from .operators import Operators
from .outside_logs import lower_cell_writes, lower_globals
from .partial_values import rewrite_partial_values
from .partials import local_partials
from .passed_partials import check_passed_params
from .protocols import Protocols
from .records import init_self, made_class, made_kind, rebound_objects
from .rewrites import Rewrites, _dict_names, _fixed_dicts, _fixed_lists, _list_names
from .rows import row_tables
from .self_changes import (
    changed_locals,
    check_self_change,
    read_back_classes,
    rebound_parameters,
    returning_self,
    track_outside_objects,
    written_back,
)
from .sets import set_names
from .spread import display_lengths
from .statements import Statements
from .supers import Supers
from .tables import (
    LocalFunction,
    NormalFunction,
    _assigned_names,
    _check_statements,
    _fixed_tuples,
    _is_user_class,
    store_counts,
)
from .targets import Targets
from .tries import lower_tries, mark_steps


def normalize(
    fn: gast.FunctionDef,
    info: SourceInfo,
    free=(),
    spec=(),
    classes=None,
    trace: dict | None = None,
    entry: bool = False,
) -> NormalFunction:
    """Lower ``fn`` (parsed by :func:`s2sgrad.parsing.parse_function`) to normal form.

    ``free`` names variables of an enclosing function that a local ``def`` reads;
    they become extra keyword-only parameters. ``spec`` is what one call site (or the
    top-level call) fixes: ``("varargs", n)`` items in ``*args`` (``("varargs_none", indices)``
    of them None), ``("varkw", keys)`` in
    ``**kwargs``, ``("fn", param, Same(f))`` a function a parameter holds (see
    :func:`call_spec`); the unit made from it is cached under it. ``trace``, a dict,
    receives the source after early exits are lowered (``trace["exits"]``). ``entry``:
    ``fn`` is the function the user differentiates (the objects it reads from outside and
    changes through their methods are followed in locals, :mod:`.self_changes`).
    """
    fn = clone(fn)
    inline_factories(fn, info)  # encode = make_encoder(W, b): its def written out here
    inline_derivative_names(fn, info)  # df = grad(f); df(x): grad(f)(x)
    attribute_calls(fn, info)  # getattr(m, "W"): m.W
    # runtime helpers the lowering calls by their bare names (index_range, column_shape...)
    # are reserved: a temporary named like one would shadow it
    taken = names_in(fn) | set(info.closure) | set(dir(builtins))
    names = Names(taken, reserved=runtime.__all__)
    names.generated |= anno.get(fn, "temporaries", frozenset())  # made by its caller's pass
    lower_nonlocals(fn, names, info)  # nonlocal in a local def: parameters it returns
    body = fn.body
    if body and isinstance(body[0], gast.Expr) and isinstance(body[0].value, gast.Constant):
        body = body[1:]
    fn.body = lower_withs(split_tails(body), names)  # if c: f = lambda...; f(x): branches
    lower_globals(fn, info)  # global n; n += 1: a record in the module (outside_logs)
    cell_writes = lower_cell_writes(fn, info)  # nonlocal n; n += 1: the same, in a closure
    lower_item_changes(fn, names, info)  # trace["h"].append(h): trace["h"] = trace["h"] + [h]
    _check_statements(fn.body, info)
    check_maps(fn.body, info)  # a map read more than once (normalize.iterators)
    a = fn.args
    own = [p.id for p in a.posonlyargs + a.args + a.kwonlyargs + [a.vararg, a.kwarg] if p]
    made = init_self(fn, info, spec, classes)  # the __init__ of an object made in the caller
    changed = returning_self(fn, spec, info, classes)  # a method called for its change of self
    if changed is not None:
        for node in walk(gast.Module(body=fn.body, type_ignores=[])):
            check_self_change(node, changed, info)
    followed = track_outside_objects(fn, info, own, names, classes) if entry else {}
    with recorded_reads() as reads:  # what the analysis of callees relied on
        make_changes_explicit(fn, info, own + list(free), spec, names, classes)
    callee_reads = distinct_reads(reads)
    lower_exits(fn, names, info)
    fn.body = lower_tries(fn.body, names, info)
    if trace is not None:
        trace["exits"] = to_source(fn)
    params = [a.id for a in fn.args.posonlyargs + fn.args.args]
    n_positional = len(params)
    params += [a.id for a in fn.args.kwonlyargs]
    params += [f for f in free if f not in params]
    vararg = fn.args.vararg.id if fn.args.vararg is not None else None
    kwarg = fn.args.kwarg.id if fn.args.kwarg is not None else None
    locals_ = set(params) | {vararg, kwarg} - {None} | _assigned_names(fn.body)
    lowering = _Lowering(info, names, locals_)
    lowering.star_params = {vararg, kwarg} - {None}
    lowering.first_param = params[0] if n_positional else None  # self, for super()
    lowering.init_self = made
    lowering.changed_self = changed
    lowering.followed = set(followed)
    lowering.own_params = set(own)
    lowering.local_trees = local_namedtuples(lowering, fn.body, store_counts(fn.body))
    assigned = _assigned_names(fn.body)
    lowering.classes = {
        p: c for p, c in (classes or {}).items() if p not in assigned and c is not dict
    }
    lowering.classes.update(_made_objects(lowering, fn.body, params))
    for me in (made, changed):  # self = ...: the same object's class
        if me is not None and me in (classes or {}):
            lowering.classes[me] = classes[me]
    lowering.classes.update({v: c for v, (_, c) in followed.items()})  # model = MODEL
    if info.filename.startswith("<s2sgrad "):  # read back: self = set_params_returned[1]
        lowering.rebound_params = rebound_parameters(fn.body, classes or {}, own)
        lowering.classes.update(lowering.rebound_params)
    lowering.classes.update(rebound_objects(lowering, fn.body, classes or {}))  # read back
    lowering.stores = store_counts(fn.body)
    lowering.single_defs = _single_defs(fn.body, lowering.stores, params)
    # def step(p, v): p = p + v * dt: a parameter of a known class rebound from its value
    rebound = {p: c for p, c in (classes or {}).items() if p in assigned and p in params}
    for p, values in _single_defs(fn.body, lowering.stores, ()).items():
        if p in rebound and _is_user_class(rebound[p]):
            lowering.single_defs[p] = values
            lowering.argument_kinds[p] = made_kind(rebound[p])
    lowering.assigned_values = assigned_values(fn.body, params)
    lowering.source_body = fn.body  # as written (changed_items: the reads of a list)
    lowering.loop_targets = loop_targets(fn.body, lowering.stores)  # for layer in ... twice
    if info.filename.startswith("<s2sgrad "):  # read back: inner = tree_field(self, 'inner')
        read_back_classes(lowering)
    lowering.given_kinds = getattr(classes, "kinds", {})  # the caller's, rebound or not
    lowering.object_kinds = {p: k for p, k in lowering.given_kinds.items() if p not in assigned}
    # a dict argument never rebound is a dict: loops over it iterate its keys
    dict_params = {p for p, c in (classes or {}).items() if c is dict and p not in assigned}
    dict_kind = {p for p, c in (classes or {}).items() if c is dict}
    lowering.dicts = _dict_names(fn.body, dict_kind, params) | dict_params
    if kwarg is not None and kwarg not in assigned:  # **rest is a dict: sorted(rest) its keys
        lowering.dicts.add(kwarg)
    lowering.list_locals = _list_names(fn.body, params)
    lowering.set_locals = set_names(fn.body, params)
    reassigned = _assigned_names(fn.body)
    lowering.static_lengths.update(
        (n, k)
        for n, k in _fixed_tuples(fn.body).items()
        if n not in params and n not in (vararg, kwarg)
    )
    for n, k in _fixed_lists(fn.body).items():
        if n not in params and n not in (vararg, kwarg):
            lowering.static_lengths[n] = k
            lowering.checked_lengths.add(n)  # a callee could change the list
    for n, (keys, by_call) in _fixed_dicts(fn.body).items():
        if n in params or n in (vararg, kwarg):
            continue
        if not by_call or ("dict" not in lowering.stores and info.lookup("dict") is dict):
            lowering.local_keys[n] = keys  # f(**opts): checked, a callee could change it
    for entry in spec:
        if entry[0] == "varargs" and vararg is not None and vararg not in reassigned:
            lowering.static_lengths[vararg] = entry[1]
        elif entry[0] == "varargs_none" and vararg is not None and vararg not in reassigned:
            lowering.static_nones[vararg] = entry[1]
        elif entry[0] == "varargs" and vararg is not None and _copied_only(fn.body, vararg):
            # args = list(args): the same items, now changeable; each f(*args) checks
            lowering.static_lengths[vararg] = entry[1]
            lowering.checked_lengths.add(vararg)
        elif entry[0] == "varkw" and kwarg is not None and kwarg not in reassigned:
            lowering.static_keys[kwarg] = entry[1]
        elif entry[0] == "length" and entry[1] not in reassigned:
            lowering.param_lengths[entry[1]] = entry[2]  # mlp(x, *params): normalize.stars
        elif entry[0] == "fn" and entry[1] not in reassigned:
            lowering.known_functions[entry[1]] = entry[2].obj
        elif entry[0] == "partial":  # a partial made by the caller: passed_partials.py
            lowering.passed_partials[entry[1]] = entry[2:]
        elif entry[0] == "module" and entry[1] not in reassigned:
            lowering.known_modules[entry[1]] = entry[2].obj  # np.sum of def f(x, np=np)
        elif entry[0] == "type" and entry[1] not in reassigned:
            lowering.exact_types[entry[1]] = (entry[2],)
        elif entry[0] == "cls" and entry[1] not in reassigned:
            lowering.known_classes[entry[1]] = entry[2].obj  # cls(x): records.object_calls
    lowering.exact_types.update(
        (p, t) for p, t in getattr(classes, "types", {}).items() if p not in reassigned
    )
    display_lengths(lowering, fn.body, params)  # ys = [*ws[1:], x]: normalize.spread
    lowering.stored_attrs = stored_attributes(fn.body)
    lowering.frozen_distributions(fn.body)
    rewrite_partial_values(lowering, fn.body)  # [partial(g, w=w) for w in ws], apply(...)
    lowering.local_partials = local_partials(lowering, fn.body)  # f = partial(g, X=X)
    check_passed_params(lowering, fn.body, reassigned)  # rk4_step(f, y) of such an f
    lowering.branch_keys = branch_keys(lowering, fn.body)  # kw["mask"] = m; f(**kw)
    lowering.row_tables = row_tables(lowering, fn.body, params)  # R[i][j] = v
    lowering.uses = Uses(fn.body, info)  # how generators' results are read (iterators)
    changed_made = changed_locals(lowering, fn.body, set(own))  # m.fit(w)
    check_given_holdings(lowering, fn.body, changed_made)  # NeuralNetwork([Dense(W)])
    lowering.followed |= set(changed_made)
    out = mark_steps(lowering.block(fn.body), info)
    written_back(out, followed)  # outside_state(MODEL, model): the changes kept
    ret = out.pop()
    assert isinstance(ret, gast.Return)
    result = ret.value.id if isinstance(ret.value, gast.Name) else None
    if result is None:
        result = names("result")
        out.append(gast.copy_location(assign(result, ret.value), ret))
    return NormalFunction(
        fn.name,
        params,
        out,
        info,
        result,
        names,
        lowering.local_functions,
        vararg,
        kwarg,
        n_positional,
        cell_writes=cell_writes,
        callee_reads=callee_reads,
        vararg_length=_entry(spec, "varargs") if vararg is not None else None,
        vararg_active=_entry(spec, "varargs_active"),
    )


def _entry(spec, kind):
    """The value of ``spec``'s entry ``(kind, value)``, None without one."""
    return next((e[1] for e in spec if e[0] == kind), None)


def _copied_only(stmts, var: str) -> bool:
    """``var`` is rebound only as ``var = list(var)`` or ``var = tuple(var)``, outside
    loops and branches: a copy with its items (it may be changed in place later)."""
    copies = 0
    for s in stmts:
        if (
            isinstance(s, gast.Assign)
            and len(s.targets) == 1
            and isinstance(s.targets[0], gast.Name)
            and s.targets[0].id == var
        ):
            v = s.value
            if not (
                isinstance(v, gast.Call)
                and isinstance(v.func, gast.Name)
                and v.func.id in ("list", "tuple")
                and len(v.args) == 1
                and not v.keywords
                and isinstance(v.args[0], gast.Name)
                and v.args[0].id == var
            ):
                return False
            copies += 1
    stores = sum(
        1
        for n in walk(gast.Module(body=stmts, type_ignores=[]))
        if isinstance(n, gast.Name) and n.id == var and isinstance(n.ctx, (gast.Store, gast.Del))
    )
    return copies > 0 and stores == copies


class _Lowering(
    Statements,
    Loops,
    Targets,
    Expressions,
    Calls,
    Supers,
    Rewrites,
    Objects,
    Arguments,
    Methods,
    ObjectKinds,
    BoundKinds,
    Effects,
    Folds,
    Operators,
    Protocols,
):
    def __init__(self, info: SourceInfo, names: Names, locals_: set[str]):
        self.info = info
        self.fresh = names
        self.locals = locals_
        self.init_bound_kinds()
        self.first_param = None
        self.stores: dict[str, int] = {}  # name -> how many times the function stores it
        self.uses = None  # where the body's nodes are (normalize.iterators.Uses)
        self.assigned_values: dict = {}  # local name -> its values, where other stores bind it too
        self.out: list = []
        self.local_functions: dict[str, LocalFunction] = {}
        self.branch_functions: dict[str, gast.If] = {}  # bound to other defs by branches
        self.lists: set[str] = set()
        self.dicts: set[str] = set()
        self.list_locals: set[str] = set()  # locals bound only to new lists
        self.set_locals: set[str] = set()  # locals bound only to new sets (normalize.sets)
        self.static_lengths: dict[str, int] = {}  # *args of this call: its length
        self.static_nones: dict[str, tuple] = {}  # of those, the items that are None
        self.star_params: set[str] = set()  # the names of *args and **kwargs
        self.checked_lengths: set[str] = set()  # of those, the ones f(*args) checks
        self.param_lengths: dict[str, int] = {}  # list parameters f(*p) unpacks: their length
        self.local_partials: dict = {}  # name -> the partial(...) it is bound to once
        self.branch_keys: dict = {}  # local dicts gaining keys in branches: branch_keys.py
        self.row_tables: set[str] = set()  # lists of new rows written by cell: rows.py
        self.bound_partials: dict = {}  # of those, the ones made so far: partials.py
        self.static_keys: dict[str, tuple] = {}  # **kwargs of this call: its keys
        self.local_keys: dict[str, tuple] = {}  # local dict displays never changed
        self.passed_partials: dict = {}  # name -> a partial's tuple: passed_partials.py
        self.known_functions: dict = {}  # parameter -> the function this call passes
        self.known_modules: dict = {}  # parameter -> the module this call passes (np=np)
        self.exact_types: dict = {}  # name -> the exact types its value can have (folds.py)
        self.stored_attrs: set = set()  # attribute names the function stores (folds.py)
        self.init_self = None  # self in the __init__ of an object made in the caller
        self.changed_self = None  # self in a method called for its change of self
        self.followed: set = set()  # locals following objects from outside (self_changes)
        self.given_kinds: dict = {}  # the kinds the caller gave the parameters
        self.changed_items: set = set()  # items a loop puts back into its list
        self.rebound_params: dict = {}  # parameters rebound to new values of themselves
        self.own_params: set = set()  # its parameters
        self.known_classes: dict = {}  # parameter -> the class this call passes (cls)
        self.local_trees: dict = {}  # P of P = namedtuple(...) -> its model (local_trees.py)

    def block(self, stmts) -> list:
        saved, self.out = self.out, []
        for stmt in stmts:
            self.stmt(stmt)
        out, self.out = self.out, saved
        return out

    def emit(self, stmt, like):
        gast.copy_location(stmt, like)
        stmt.end_lineno = getattr(like, "end_lineno", None)
        self.out.append(stmt)
        return stmt


def assigned_values(body, params) -> dict:
    """``{name: [values]}`` of the ``name = value`` statements of the locals, and of the
    items of ``a, b = u, v`` (other stores of the name, ``name += x`` or a loop's, are left
    out)."""
    out: dict = {}
    for node in walk(gast.Module(body=body, type_ignores=[])):
        if not (isinstance(node, gast.Assign) and len(node.targets) == 1):
            continue
        target, value = node.targets[0], node.value
        pairs = [(target, value)]
        if (
            isinstance(target, (gast.Tuple, gast.List))
            and isinstance(value, (gast.Tuple, gast.List))
            and len(target.elts) == len(value.elts)
            and not any(isinstance(e, gast.Starred) for e in target.elts + value.elts)
        ):
            pairs = list(zip(target.elts, value.elts))
        for t, v in pairs:
            if isinstance(t, gast.Name) and t.id not in params:
                out.setdefault(t.id, []).append(v)
    return out


def _single_defs(body, stores, params) -> dict:
    """``{name: [values]}`` for the locals that only ``name = value`` statements bind;
    without the values that say nothing of an object's class: ``name = None`` (a call on
    it fails as written) and ``name = saved.pop()`` of a list only ``name`` is appended to
    (generated code read back: the value restored is one ``name`` held). ``name += v``
    binds ``name + v`` (the class of the object then says what it holds)."""
    out = assigned_values(body, params)
    for node in walk(gast.Module(body=body, type_ignores=[])):
        if (
            isinstance(node, gast.AugAssign)
            and isinstance(node.target, gast.Name)
            and node.target.id not in params
        ):
            value = gast.BinOp(left=name(node.target.id), op=node.op, right=node.value)
            anno.set(value, "augmented", True)  # its __iadd__ first (operator_results)
            out.setdefault(node.target.id, []).append(gast.copy_location(value, node))
    appended: dict = {}
    for node in walk(gast.Module(body=body, type_ignores=[])):
        if (
            isinstance(node, gast.Call)
            and isinstance(node.func, gast.Attribute)
            and node.func.attr == "append"
            and isinstance(node.func.value, gast.Name)
        ):
            arg = node.args[0] if len(node.args) == 1 else None
            appended.setdefault(node.func.value.id, set()).add(
                arg.id if isinstance(arg, gast.Name) else None
            )

    def says_nothing(n, value) -> bool:
        if isinstance(value, gast.Constant) and value.value is None:
            return True
        return (
            isinstance(value, gast.Call)
            and isinstance(value.func, gast.Attribute)
            and value.func.attr == "pop"
            and not value.args
            and isinstance(value.func.value, gast.Name)
            and appended.get(value.func.value.id) == {n}
        )

    return {
        n: [v for v in values if not says_nothing(n, v)]
        for n, values in out.items()
        if stores.get(n) == len(values)
    }


def _made_objects(lowering, body, params) -> dict:
    """``{name: class}`` for the locals bound once, to ``UserClass(...)`` (``a, b = A(),
    B()`` too): their method calls (``loss_fn = SquareLoss(); loss_fn.loss(y, p)``)
    resolve to the class's functions."""
    stores = store_counts(body)
    out, rebound, copies = {}, {}, {}
    for node in walk(gast.Module(body=body, type_ignores=[])):
        if not isinstance(node, gast.Assign) or len(node.targets) != 1:
            continue
        target, value = node.targets[0], node.value
        pairs = [(target, value)]
        if (
            isinstance(target, (gast.Tuple, gast.List))
            and isinstance(value, (gast.Tuple, gast.List))
            and len(target.elts) == len(value.elts)
        ):
            pairs = list(zip(target.elts, value.elts))
        for t, v in pairs:
            if isinstance(t, gast.Name) and isinstance(v, gast.Call) and t.id not in params:
                cls = made_class(lowering, v)
                if cls is not None:
                    (out if stores.get(t.id) == 1 else rebound)[t.id] = cls
                elif stores.get(t.id) == 1 and _replaced(lowering, v) is not None:
                    copies[t.id] = _replaced(lowering, v)
    # q = dataclasses.replace(p, k=v), p._replace(k=v): a copy of an object of p's class
    for _ in range(len(copies)):
        for t, source in copies.items():
            if t not in out and source in out:
                out[t] = out[source]
    # m = Model(w); m.a = v read back: m = object_with(m, 'a', v) rebinds the same object
    return {**out, **rebound_objects(lowering, body, rebound, made=True)}


def _replaced(lowering, value):
    """The name ``p`` the call ``value`` copies with fields replaced (``dataclasses.replace(p,
    k=v)``, ``p._replace(k=v)``, ``tree_replace(p, names, v)`` read back); else None."""
    func = value.func
    if isinstance(func, gast.Attribute) and func.attr == "_replace":
        source = func.value
    elif lowering.free_value(func) in (dataclasses.replace, runtime.tree_replace) and value.args:
        source = value.args[0]
    else:
        return None
    return source.id if isinstance(source, gast.Name) else None
