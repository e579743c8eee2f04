"""Lower a parsed function to one operation per statement (A-normal form).

    h = np.tanh(x @ w + b)     ->    h_matmul = x @ w
                                     h_add = h_matmul + b
                                     h = np.tanh(h_add)

Every call is resolved to the object it names (``anno.get(node, "fn")``); loops over
arrays, ``enumerate``, ``zip`` and ``reversed`` become loops over ``range``;
``and``/``or``/``x if c else y`` become ``if`` statements; early exits are
lowered by :mod:`s2sgrad.exits`.
"""

from __future__ import annotations

import builtins
import dis
import functools
import inspect
import operator
import types
import warnings
from dataclasses import dataclass, field

import gast
import numpy as np

from . import anno, rules, runtime
from .errors import NonDifferentiableError, UnsupportedSyntaxError
from .exits import lower_exits
from .optimize import fold_constants
from .parsing import _MISSING, SourceInfo, remembered
from .syntax import assign, call, clone, const, dotted, is_atom, name, names_in, substitute

_OPNAMES = {
    gast.Add: "add", gast.Sub: "sub", gast.Mult: "mul", gast.Div: "div",
    gast.FloorDiv: "floordiv", gast.Mod: "mod", gast.Pow: "pow", gast.MatMult: "matmul",
    gast.BitAnd: "and", gast.BitOr: "or", gast.BitXor: "xor", gast.LShift: "lshift",
    gast.RShift: "rshift",
}

# array methods that are NumPy functions taking the array first
_ARRAY_METHODS = {
    "sum", "mean", "prod", "max", "min", "var", "std", "cumsum", "cumprod", "argmax",
    "argmin", "any", "all", "clip", "dot", "ravel", "squeeze", "swapaxes", "repeat", "take",
    "trace", "diagonal", "copy", "conj", "conjugate", "round", "nonzero", "argsort",
    "flatten", "astype", "item", "tolist", "fill_diagonal",
}
_VARARG_METHODS = {"reshape", "transpose"}
# methods of lists, dicts and sets that change them in place
_MUTATING_METHODS = {"append", "extend", "insert", "pop", "remove", "clear", "update",
                     "setdefault", "popitem", "sort", "reverse", "add", "discard",
                     "__setitem__", "__delitem__", "__iadd__", "__imul__", "fill", "put",
                     "itemset", "resize", "partition", "setfield"}
_INACTIVE_ATTRS = {"shape", "ndim", "size", "dtype", "itemsize", "nbytes"}
# NumPy functions that write into an argument: their derivative would miss the write
_MUTATING = {
    "numpy.copyto": "assign instead: y[...] = x",
    "numpy.put": "assign to the items instead: y[np.unravel_index(idx, y.shape)] = v",
    "numpy.place": "assign through the mask instead: y[mask] = v",
    "numpy.putmask": "write y = np.where(mask, v, y)",
    "numpy.fill_diagonal": "assign the diagonal: y[np.arange(n), np.arange(n)] = v",
    "numpy.put_along_axis": "build the result with an item assignment: y[i, j] = v",
    "numpy.random.shuffle": "index with a permutation: y = y[np.random.permutation(len(y))]",
    "operator.setitem": "write y[index] = value",
}
for _op in ("add", "sub", "mul", "truediv", "floordiv", "mod", "pow", "matmul"):
    _MUTATING[f"operator.i{_op}"] = f"write y = operator.{_op}(y, x)"
_MUTATING_IDS = {}
for _path, _hint_text in _MUTATING.items():
    _obj = operator if _path.startswith("operator.") else np
    for _part in _path.split(".")[1:]:
        _obj = getattr(_obj, _part, None)
    if _obj is not None:
        _MUTATING_IDS[id(_obj)] = (_path.replace("numpy.", "np.", 1), _hint_text,
                                   "its argument")
# array methods that change the array they are called on
_INPLACE_METHODS = {
    "fill": "write y = np.full_like(y, value)",
    "sort": "write y = np.sort(y)",
    "resize": "write y = np.resize(y, shape)",
    "itemset": "write y[index] = value",
    "put": "assign to the items: y[index] = value",
    "partition": "write y = np.partition(y, k)",
    "setfield": "build a new array",
    "setflags": "remove the call",
    "byteswap": "remove the call",
    "shuffle": "index with a permutation: y = y[rng.permutation(len(y))]",
}
# ufunc methods lowered to the NumPy function with the same derivative
_UFUNC_REDUCE = {"add": np.sum, "multiply": np.prod, "maximum": np.max, "minimum": np.min}
_UFUNC_ACCUMULATE = {"add": np.cumsum, "multiply": np.cumprod}
# reductions whose where= mask can be written as np.where(mask, x, identity)
_MASKED_REDUCTIONS = {id(np.sum): 0.0, id(np.prod): 1.0, id(np.nansum): 0.0}
_UNSUPPORTED_STMTS = {
    gast.Try: ("try/except", "move the try/except outside the differentiated function"),
    gast.With: ("a with block", "move the with block outside the differentiated function"),
    gast.Global: ("a global declaration", "pass the value in as an argument and return it"),
    gast.Nonlocal: ("a nonlocal declaration", "pass the value in as an argument and return it"),
    gast.Import: ("an import", "import at module level"),
    gast.ImportFrom: ("an import", "import at module level"),
    gast.ClassDef: ("a class definition", "define classes at module level"),
    gast.Delete: ("a del statement", "remove the del"),
    gast.AsyncFunctionDef: ("an async function", "use a plain function"),
    gast.AsyncFor: ("async for", "use a plain for loop"),
    gast.AsyncWith: ("async with", "remove it"),
}
if hasattr(gast, "TryStar"):
    _UNSUPPORTED_STMTS[gast.TryStar] = _UNSUPPORTED_STMTS[gast.Try]
if hasattr(gast, "Match"):
    _UNSUPPORTED_STMTS[gast.Match] = ("a match statement", "use if/elif instead")


def _written(call, func):
    """``call`` remembering the method as the user wrote it (``m.update``), for errors."""
    if isinstance(call, gast.Call):
        call.s2s_written = func
    return call


def _is_user_method(fn) -> bool:
    """A Python function bound to an instance (not a class or module): a user method."""
    if not (isinstance(fn, types.MethodType) and isinstance(fn.__func__, types.FunctionType)
            and not isinstance(fn.__self__, (type, types.ModuleType))):
        return False
    library = (getattr(type(fn.__self__), "__module__", "") or "").split(".")[0]
    return library not in ("numpy", "scipy", "s2sgrad") and rules.lookup(fn) is None and \
        rules.lookup(fn.__func__) is None  # SciPy's distribution methods get rules


class _ObjectMethod:
    """``s2s_fn`` of a call ``obj.method(...)`` on a local object of a type s2sgrad does not
    know (a ``RandomState``, a user object): the call runs as written in the forward sweep,
    which is right only while no differentiated value reaches it (activity checks)."""

    __name__ = "method"

    def __repr__(self):
        return "<method of an object>"


OBJECT_METHOD = _ObjectMethod()


@dataclass
class LocalFunction:
    """A ``def`` or ``lambda`` bound to a name inside the differentiated function."""

    node: gast.FunctionDef
    free: list[str]
    info: SourceInfo

    def __deepcopy__(self, memo):
        return self


@dataclass
class NormalFunction:
    """A function in normal form, ready for activity analysis and differentiation."""

    name: str
    params: list[str]
    body: list
    info: SourceInfo
    result: str
    names: Names
    local_functions: dict = field(default_factory=dict)
    vararg: str | None = None
    kwarg: str | None = None
    n_positional: int = 0
    free: list = field(default_factory=list)


class Names:
    """Fresh, readable, deterministic names that avoid every name already in use."""

    def __init__(self, taken):
        self.taken = set(taken)
        self.generated: set[str] = set()

    def __call__(self, base: str) -> str:
        base = base.strip("_") or "t"
        out = base
        i = 2
        while out in self.taken:
            out = f"{base}_{i}"
            i += 1
        self.taken.add(out)
        self.generated.add(out)
        return out


def object_kind(value):
    """The kind of a parameter holding an instance of a user class: ``("object", cls)``,
    so that its method calls resolve to the class's functions; None for anything else."""
    t = type(value)
    if isinstance(value, tuple) and isinstance(getattr(t, "_fields", None), tuple):
        return ("namedtuple", t)  # a tree like a tuple, whose fields p.w are its items
    if isinstance(value, (list, tuple, dict, set, str, bytes, int, float, complex, np.ndarray,
                          np.generic, type, types.ModuleType, types.FunctionType,
                          types.MethodType)) or value is None:
        return None
    library = (getattr(t, "__module__", "") or "").split(".")[0]
    if library in ("builtins", "numpy", "scipy", "s2sgrad") or not hasattr(value, "__dict__"):
        return None
    if any(callable(getattr(t, k, None)) for k in vars(value)):
        return None  # an instance attribute hides a method of the class: not the class's
    return ("object", t)


def object_classes(kinds: dict) -> dict:
    """``{parameter: class}`` for the parameters of object kind in ``kinds``."""
    return {p: k[1] for p, k in kinds.items() if isinstance(k, tuple) and k[0] in (
        "object", "namedtuple", "dict")}


def normalize(fn: gast.FunctionDef, info: SourceInfo, free=(), spec=(),
              classes=None) -> NormalFunction:
    """Lower ``fn`` (parsed by :func:`s2sgrad.parsing.parse_function`) to normal form.

    ``free`` names variables of an enclosing function that a local ``def`` reads;
    they become extra keyword-only parameters. ``spec`` is what one call site (or the
    top-level call) fixes: ``("varargs", n)`` items in ``*args``, ``("varkw", keys)`` in
    ``**kwargs``, ``("fn", param, Same(f))`` a function a parameter holds (see
    :func:`call_spec`); the unit made from it is cached under it.
    """
    fn = clone(fn)
    taken = names_in(fn) | set(info.closure) | set(dir(builtins))
    names = Names(taken)
    body = fn.body
    if body and isinstance(body[0], gast.Expr) and isinstance(body[0].value, gast.Constant):
        body = body[1:]
    fn.body = body
    _check_statements(fn.body, info)
    lower_exits(fn, names, info)
    params = [a.id for a in fn.args.posonlyargs + fn.args.args]
    n_positional = len(params)
    params += [a.id for a in fn.args.kwonlyargs]
    params += [f for f in free if f not in params]
    vararg = fn.args.vararg.id if fn.args.vararg is not None else None
    kwarg = fn.args.kwarg.id if fn.args.kwarg is not None else None
    locals_ = set(params) | {vararg, kwarg} - {None} | _assigned_names(fn.body)
    lowering = _Lowering(info, names, locals_)
    assigned = _assigned_names(fn.body)
    lowering.classes = {p: c for p, c in (classes or {}).items() if p not in assigned
                        and c is not dict}
    # a dict argument never rebound is a dict: loops over it iterate its keys
    lowering.dicts = _dict_names(fn.body) | {p for p, c in (classes or {}).items()
                                             if c is dict and p not in assigned}
    reassigned = _assigned_names(fn.body)
    lowering.static_lengths.update((n, k) for n, k in _fixed_tuples(fn.body).items()
                                   if n not in params and n not in (vararg, kwarg))
    for entry in spec:
        if entry[0] == "varargs" and vararg is not None and vararg not in reassigned:
            lowering.static_lengths[vararg] = entry[1]
        elif entry[0] == "varkw" and kwarg is not None and kwarg not in reassigned:
            lowering.static_keys[kwarg] = entry[1]
        elif entry[0] == "fn" and entry[1] not in reassigned:
            lowering.known_functions[entry[1]] = entry[2].obj
    out = lowering.block(fn.body)
    ret = out.pop()
    assert isinstance(ret, gast.Return)
    result = ret.value.id if isinstance(ret.value, gast.Name) else None
    if result is None:
        result = names("result")
        out.append(gast.copy_location(assign(result, ret.value), ret))
    return NormalFunction(fn.name, params, out, info, result, names,
                          lowering.local_functions, vararg, kwarg, n_positional)


def generator_as_list(fn: gast.FunctionDef, info: SourceInfo) -> gast.FunctionDef:
    """A generator function called from differentiated code, as the function that returns
    the list of what it yields (its caller takes ``list(...)`` of the call):

        def layers(w):                  def layers(w):
            for k in range(2):              items = []
                yield w[k]          ->      for k in range(2):
                                                items.append(w[k])
                                            return items

    Only ``yield`` statements are lowered; a yield whose value is used, ``yield from``
    and ``return value`` are errors at their line.
    """
    fn = clone(fn)
    items = Names(names_in(fn) | set(info.closure) | set(dir(builtins)))("items")

    def lower(stmts):
        out = []
        for s in stmts:
            compound = isinstance(s, (gast.For, gast.While, gast.If))
            own = [getattr(s, f) for f in ("test", "iter", "target") if hasattr(s, f)] \
                if compound else [s]
            for sub in (n for part in own for n in gast.walk(part)):
                if isinstance(sub, gast.YieldFrom) or (isinstance(sub, gast.Yield) and not (
                        isinstance(s, gast.Expr) and s.value is sub)):
                    raise info.error(sub, "this generator helper uses yield as a value or "
                                     "yield from, which cannot be differentiated",
                                     "yield each item in its own statement: yield item",
                                     UnsupportedSyntaxError)
                if isinstance(sub, gast.Return) and sub.value is not None:
                    raise info.error(sub, "a generator helper returning a value cannot be "
                                     "differentiated", "end it with a bare return",
                                     UnsupportedSyntaxError)
            if isinstance(s, gast.Expr) and isinstance(s.value, gast.Yield):
                value = s.value.value if s.value.value is not None else const(None)
                new = gast.Expr(value=call(gast.Attribute(value=name(items), attr="append",
                                                          ctx=gast.Load()), value))
                out.append(_located(new, s))
            elif isinstance(s, gast.Return):
                out.append(_located(gast.Return(value=name(items)), s))
            else:
                if compound:
                    s.body, s.orelse = lower(s.body), lower(s.orelse)
                out.append(s)
        return out

    body = fn.body
    if body and isinstance(body[0], gast.Expr) and isinstance(body[0].value, gast.Constant):
        body = body[1:]
    first = body[0] if body else fn
    lowered = lower(body)
    if not (lowered and isinstance(lowered[-1], gast.Return)):
        lowered.append(_located(gast.Return(value=name(items)), body[-1] if body else fn))
    fn.body = [_located(assign(items, gast.List(elts=[], ctx=gast.Load())), first)] + lowered
    return fn


def _located(node, like):
    for n in gast.walk(node):
        if isinstance(n, (gast.stmt, gast.expr)):
            gast.copy_location(n, like)
            n.end_lineno = getattr(like, "end_lineno", None)
    return node


def _check_statements(stmts, info):
    for node in gast.walk(gast.Module(body=stmts, type_ignores=[])):
        for kind, (what, hint) in _UNSUPPORTED_STMTS.items():
            if isinstance(node, kind):
                raise info.error(node, f"{what} cannot be differentiated", hint,
                                 UnsupportedSyntaxError)
        if isinstance(node, (gast.Yield, gast.YieldFrom)):
            raise info.error(node, "yield makes a generator, which cannot be differentiated",
                             "build a list and return an array instead", UnsupportedSyntaxError)
        if isinstance(node, gast.Await):
            raise info.error(node, "await cannot be differentiated", "use a plain function",
                             UnsupportedSyntaxError)
        if isinstance(node, (gast.For, gast.While)) and node.orelse:
            raise info.error(node, "a loop with an else clause cannot be differentiated",
                             "use a flag set before break instead", UnsupportedSyntaxError)
        if isinstance(node, gast.NamedExpr):
            raise info.error(node, "the walrus operator := cannot be differentiated",
                             "assign in a separate statement", UnsupportedSyntaxError)


def _assigned_names(stmts) -> set[str]:
    out = set()
    for node in gast.walk(gast.Module(body=stmts, type_ignores=[])):
        if isinstance(node, gast.Name) and isinstance(node.ctx, (gast.Store, gast.Param)):
            out.add(node.id)
        elif isinstance(node, gast.FunctionDef):
            out.add(node.name)
    return out


def _fixed_tuples(stmts) -> dict[str, int]:
    """Local names bound once, to a tuple display: their length is known."""
    stores: dict[str, int] = {}
    for node in gast.walk(gast.Module(body=stmts, type_ignores=[])):
        if isinstance(node, gast.Name) and isinstance(node.ctx, (gast.Store, gast.Del)):
            stores[node.id] = stores.get(node.id, 0) + 1
    out = {}
    for node in gast.walk(gast.Module(body=stmts, type_ignores=[])):
        if isinstance(node, gast.Assign) and len(node.targets) == 1 and isinstance(
                node.targets[0], gast.Name) and isinstance(node.value, gast.Tuple) and \
                not any(isinstance(e, gast.Starred) for e in node.value.elts) and \
                stores[node.targets[0].id] == 1:
            out[node.targets[0].id] = len(node.value.elts)
    return out


def _rebound(target) -> set[str]:
    """Names an assignment target binds (``d[k] = v`` and ``o.a = v`` bind none)."""
    if isinstance(target, gast.Name):
        return {target.id}
    if isinstance(target, (gast.Tuple, gast.List)):
        return set().union(*(_rebound(e) for e in target.elts))
    if isinstance(target, gast.Starred):
        return _rebound(target.value)
    return set()


def _dict_names(stmts) -> set[str]:
    """Local names bound only to dict displays, dict comprehensions, ``dict(...)`` and
    other such names: loops over them iterate keys."""
    values: dict[str, list] = {}
    other = set()
    for node in gast.walk(gast.Module(body=stmts, type_ignores=[])):
        if isinstance(node, (gast.Assign, gast.AnnAssign)):
            targets = node.targets if isinstance(node, gast.Assign) else [node.target]
            for t in targets:
                if isinstance(t, gast.Name) and node.value is not None:
                    values.setdefault(t.id, []).append(node.value)
                else:
                    other |= _rebound(t)
        elif isinstance(node, (gast.AugAssign, gast.For, gast.comprehension)):
            other |= _rebound(node.target)
    out = set(values) - other
    changed = True
    while changed:
        changed = False
        for n in sorted(out):
            if not all(isinstance(v, (gast.Dict, gast.DictComp)) or (
                    isinstance(v, gast.Name) and v.id in out) or (
                    isinstance(v, gast.Call) and isinstance(v.func, gast.Name)
                    and v.func.id == "dict") for v in values[n]):
                out.discard(n)
                changed = True
    return out


def _is_module_or_callable(value) -> bool:
    return isinstance(value, types.ModuleType) or callable(value)


class _Lowering:
    def __init__(self, info: SourceInfo, names: Names, locals_: set[str]):
        self.info = info
        self.fresh = names
        self.locals = locals_
        self.classes: dict = {}  # parameter -> the user class of the object it holds
        self.out: list = []
        self.local_functions: dict[str, LocalFunction] = {}
        self.lists: set[str] = set()
        self.dicts: set[str] = set()
        self.static_lengths: dict[str, int] = {}  # *args of this call: its length
        self.static_keys: dict[str, tuple] = {}  # **kwargs of this call: its keys
        self.known_functions: dict = {}  # parameter -> the function this call passes

    # -- blocks and statements ----------------------------------------------------------

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

    def stmt(self, node):
        self.current = node
        method = getattr(self, "stmt_" + type(node).__name__, None)
        if method is None:
            raise self.info.error(node, f"{type(node).__name__} statements cannot be "
                                  "differentiated", cls=UnsupportedSyntaxError)
        method(node)

    def stmt_Pass(self, node):
        pass

    def stmt_Return(self, node):
        value = node.value
        if not (isinstance(value, (gast.Name, gast.Constant)) or self.free_value(value)
                is not _MISSING):
            simple = self.simple(value, "result")
            if not is_atom(simple):
                result = self.fresh("result")
                self.emit(assign(result, simple), node)
                simple = name(result)
            value = simple
        else:
            value = self.atom(value, "result")
        self.emit(gast.Return(value=value), node)

    def stmt_Assign(self, node):
        targets = node.targets
        if len(targets) == 1:
            self.assign_to(targets[0], node.value, node)
            return
        value = self.atom(node.value, "value")
        for target in targets:
            self.assign_to(target, value, node)

    def stmt_AnnAssign(self, node):
        if node.value is not None:
            self.assign_to(node.target, node.value, node)

    def stmt_AugAssign(self, node):
        target = node.target
        if isinstance(target, gast.Name):
            value = gast.BinOp(left=name(target.id), op=node.op, right=node.value)
            start = len(self.out)
            self.assign_to(target, gast.copy_location(value, node), node)
            for stmt in self.out[start:]:
                if isinstance(stmt, gast.Assign) and isinstance(stmt.targets[0], gast.Name) \
                        and stmt.targets[0].id == target.id:
                    anno.set(stmt, "inplace", True)
        elif isinstance(target, gast.Subscript):
            obj = self.atom(target.value, "item")
            index = self.index(target.slice, "index")
            hint = obj.id if isinstance(obj, gast.Name) else "item"
            old = self.fresh(hint + "_item")
            self.emit(assign(old, gast.Subscript(value=obj, slice=index, ctx=gast.Load())), node)
            new = gast.BinOp(left=name(old), op=node.op, right=node.value)
            value = self.atom(gast.copy_location(new, node), hint + "_" + _opname(node.op))
            self.setitem(obj, index, value, node)
            # xs[i] += v also changes the item xs[i] in place
            anno.set(self.out[-1], "aug_item", True)
        else:
            raise self.info.error(node, "augmented assignment to an attribute cannot be "
                                  "differentiated", cls=UnsupportedSyntaxError)

    def stmt_Expr(self, node):
        value = node.value
        if isinstance(value, gast.Constant):
            return
        if isinstance(value, gast.Call):
            func = value.func
            if (isinstance(func, gast.Attribute) and isinstance(func.value, gast.Name)
                    and func.value.id in self.locals and func.attr in ("append", "extend")):
                self.list_append(func.value.id, func.attr, value, node)
                return
            simple = self.simple(value, "call")
            if isinstance(simple, gast.Call) and anno.get(simple, "fn", None) is \
                    rules.LIST_POP:
                # xs.pop() for its change alone: an assignment, so that both modes see it
                self.emit(assign(self.fresh(anno.get(simple, "pop") + "_popped"), simple),
                          node)
            elif isinstance(simple, gast.Call):
                self.check_unused_result(simple, node)
                self.emit(gast.Expr(value=simple), node)
            return
        self.simple(value, "expr")

    def check_unused_result(self, value, stmt):
        """A call whose result is dropped is made for what it does to its arguments.

        s2sgrad cannot see such changes, so a call it has no rule for that receives
        a local value is rejected rather than treated as pure.
        """
        fn = anno.get(value, "fn", None)
        if rules.lookup(fn) is not None or rules.is_nondifferentiable(fn) or \
                fn is rules.LIST_POP or fn is warnings.warn:
            return
        reads = names_in(gast.Tuple(elts=value.args + [k.value for k in value.keywords],
                                    ctx=gast.Load()))
        if isinstance(fn, LocalFunction):
            reads |= set(fn.free)
        if fn is OBJECT_METHOD:
            reads |= names_in(value.func)  # the method may change its object
        if reads & (self.locals | self.fresh.generated) and _may_mutate(fn):
            raise self.info.error(
                value, f"the result of {_describe(getattr(value, 's2s_written', value.func))} "
                "is not used, so the call is "
                "made for a change to its arguments, which s2sgrad cannot see",
                "return the new value and assign it: y = f(y, ...)", UnsupportedSyntaxError)

    def stmt_Assert(self, node):
        test = self.atom(node.test, "check")
        self.emit(gast.Assert(test=test, msg=node.msg), node)

    def stmt_Raise(self, node):
        self.emit(node, node)

    def stmt_If(self, node):
        if anno.get(node, "primal_only", False):
            test = self.atom(node.test, "leave")
            new = gast.If(test=test, body=node.body, orelse=[])
            anno.set(new, "primal_only", True)
            self.emit(new, node)
            return
        test = self.condition(node.test, node.body + node.orelse)
        if isinstance(test, gast.Constant):
            self.out.extend(self.block(node.body if test.value else node.orelse))
            return
        body = self.block(node.body)
        orelse = self.block(node.orelse)
        self.emit(gast.If(test=test, body=body or [gast.Pass()], orelse=orelse), node)

    def condition(self, test, body):
        """An atom holding ``test`` that the branch bodies do not reassign."""
        atom = self.atom(test, "cond")
        if isinstance(atom, gast.Name) and atom.id in _assigned_names(body):
            fresh = self.fresh("cond")
            self.out.append(gast.copy_location(assign(fresh, atom), test))
            atom = name(fresh)
        return atom

    def stmt_While(self, node):
        test = self.atom(node.test, "cond")
        if isinstance(test, gast.Constant) and not test.value:
            return
        if isinstance(test, gast.Name) and test.id in self.locals and not test.id.startswith(
                "cond"):
            fresh = self.fresh("cond")
            self.emit(assign(fresh, test), node)
            test = name(fresh)
        body = self.block(node.body)
        saved, self.out = self.out, body
        again = self.atom(node.test, "cond")
        if isinstance(test, gast.Name):
            if not (isinstance(again, gast.Name) and again.id == test.id):
                self.emit(assign(test.id, again), node)
        self.out = saved
        loop = gast.While(test=test, body=body or [gast.Pass()], orelse=[])
        self.emit(loop, node)

    def stmt_For(self, node):
        if self.unroll_functions(node):
            return
        start, stop, step, items = self.loop_source(node.iter)
        index_name = node.target.id if (isinstance(node.target, gast.Name)
                                        and items is None) else self.fresh("index")
        range_name = self.fresh(index_name + "_range")
        self.emit(assign(range_name, _builtin_call(range, start, stop, step)), node)
        body_prefix = []
        if items is not None:
            saved, self.out = self.out, []
            self.bind_target(node.target, items(name(index_name)), node)
            body_prefix, self.out = self.out, saved
        body = body_prefix + self.block(node.body)
        loop = gast.For(target=name(index_name, store=True), iter=name(range_name),
                        body=body or [gast.Pass()], orelse=[], type_comment=None)
        self.emit(loop, node)

    def unroll_functions(self, node) -> bool:
        """``for f in (np.tanh, relu): h = f(h)``: a loop over a display of functions known
        here is its body once per function, each call of ``f`` differentiated as that
        function. False (nothing emitted) for any other loop."""
        it, target = node.iter, node.target
        if not (isinstance(it, (gast.Tuple, gast.List)) and it.elts and isinstance(
                target, gast.Name)) or target.id in _assigned_names(node.body) or any(
                isinstance(n, (gast.Break, gast.Continue, gast.Return, gast.Starred))
                for n in gast.walk(gast.Module(body=node.body + [gast.Expr(value=it)],
                                               type_ignores=[]))):
            return False
        elts = [self.function_argument(e) if isinstance(e, gast.Lambda) else e
                for e in it.elts]
        values = [self.function_value(e, node) for e in elts]
        if any(v is _MISSING for v in values):
            return False
        saved = self.known_functions.get(target.id, _MISSING)
        for e, value in zip(elts, values):
            self.emit(assign(target.id, clone(e)), node)
            self.known_functions[target.id] = value
            self.out.extend(self.block(clone(node.body)))
            self.current = node
        if saved is _MISSING:
            del self.known_functions[target.id]  # after the loop: not known
        else:
            self.known_functions[target.id] = saved
        return True

    def loop_source(self, it):
        """``(start, stop, step, items)`` for a for loop over ``it``; ``items(k)`` builds
        the expression of element ``k`` (None for a plain range)."""
        for part in [it] + (list(it.args) if isinstance(it, gast.Call) else []):
            if isinstance(part, gast.GeneratorExp):
                part.s2s_consumed = True  # a loop consumes what it iterates, in order
        fn = self.resolve_call(it) if isinstance(it, gast.Call) else None
        if fn is range:
            args = [self.atom(a, "bound") for a in it.args]
            if it.keywords or not 1 <= len(args) <= 3:
                raise self.info.error(it, "range() takes 1 to 3 positional arguments")
            if len(args) == 1:
                return const(0), args[0], const(1), None
            return args[0], args[1], args[2] if len(args) == 3 else const(1), None
        start, step = const(0), const(1)
        if fn is enumerate:
            n, elem = self.sequence(it.args[0])
            if len(it.args) > 1 or it.keywords:
                raise self.info.error(it, "enumerate with a start is not supported",
                                      "add the offset to the index in the loop body",
                                      UnsupportedSyntaxError)
            return start, n, step, lambda k: gast.Tuple(elts=[k, elem(k)], ctx=gast.Load())
        if fn is zip:
            parts = [self.sequence(a) for a in it.args]
            n = self.atom(_builtin_call(min, *[p[0] for p in parts]), "length") if len(
                parts) > 1 else parts[0][0]
            return start, n, step, lambda k: gast.Tuple(elts=[p[1](k) for p in parts],
                                                         ctx=gast.Load())
        if fn is reversed:
            n, elem = self.sequence(it.args[0])
            last = self.atom(gast.BinOp(left=n, op=gast.Sub(), right=const(1)), "last")
            return last, const(-1), const(-1), elem
        n, elem = self.sequence(it)
        return start, n, step, elem

    def sequence(self, node):
        """``(length_atom, element(k))`` for something iterated by position."""
        fn = self.resolve_call(node) if isinstance(node, gast.Call) else None
        if fn is range:
            args = [self.atom(a, "bound") for a in node.args]
            rng = self.atom(_builtin_call(range, *args), "seq")
            n = self.atom(_builtin_call(len, rng), "length")
            return n, lambda k: gast.Subscript(value=rng, slice=k, ctx=gast.Load())
        if fn in (enumerate, zip, reversed):
            start, stop, step, items = self.loop_source(node)
            rng = self.atom(_builtin_call(range, start, stop, step), "seq")
            n = self.atom(_builtin_call(len, rng), "length")
            return n, lambda k: items(gast.Subscript(value=rng, slice=k, ctx=gast.Load()))
        view = None
        if isinstance(node, gast.Call) and isinstance(node.func, gast.Attribute) and \
                node.func.attr in ("items", "keys", "values") and \
                self.free_value(node.func) is _MISSING:
            if node.args or node.keywords:
                raise self.info.error(node, f".{node.func.attr}() takes no arguments")
            view, node = node.func.attr, node.func.value
        elif fn is sorted and len(node.args) == 1 and not node.keywords and isinstance(
                node.args[0], gast.Call) and isinstance(node.args[0].func, gast.Attribute) and \
                node.args[0].func.attr in ("items", "keys") and not node.args[0].args:
            # sorted(d.items()): the keys decide the order (they are unique)
            obj = self.atom(node.args[0].func.value, "items")
            keys = _builtin_call(sorted, obj)
            anno.set(keys, "dict_keys", True)
            keys = self.atom(keys, "keys")
            return self.dict_items(obj, keys, node.args[0].func.attr)
        if view is not None or self.is_dict(node):
            obj = self.atom(node, "items")
            keys = self.fresh(_hint(obj) + "_keys" if isinstance(obj, gast.Name) else "keys")
            self.emit(assign(keys, self.make_call(runtime.dict_keys, [obj], [], node)),
                      self.current)
            return self.dict_items(obj, name(keys), view or "keys")
        seq = self.atom(node, "seq")
        n = self.fresh(_hint(seq) + "_length" if isinstance(seq, gast.Name) else "length")
        self.emit(assign(n, self.make_call(runtime.sequence_length, [seq], [], node)),
                  self.current)
        n = name(n)
        return n, lambda k: gast.Subscript(value=seq, slice=k, ctx=gast.Load())

    def dict_items(self, obj, keys, view):
        """``(length, element(k))`` for a loop over ``keys`` of the dict ``obj``."""
        n = self.atom(_builtin_call(len, keys), "length")

        def key(k):
            return gast.Subscript(value=keys, slice=k, ctx=gast.Load())

        def value(k):
            return gast.Subscript(value=obj, slice=key(k), ctx=gast.Load())

        if view == "keys":
            return n, key
        if view == "values":
            return n, value
        return n, lambda k: gast.Tuple(elts=[key(k), value(k)], ctx=gast.Load())

    def is_dict(self, node) -> bool:
        """Is ``node`` certainly a dict: a local bound only to dict displays and dict
        comprehensions, or a global or closure variable holding a dict now?"""
        if isinstance(node, (gast.Dict, gast.DictComp)):
            return True
        if not isinstance(node, gast.Name):
            return False
        if node.id not in self.locals:
            return isinstance(self.free_value(node), dict)
        return node.id in self.dicts

    def stmt_FunctionDef(self, node):
        free = sorted((names_in(node) - _assigned_names(node.body)
                       - {a.id for a in gast.walk(node.args) if isinstance(a, gast.Name)})
                      & self.locals)
        self.local_functions[node.name] = LocalFunction(node, free, self.info)
        self.emit(clone(node), node)

    # -- assignment ---------------------------------------------------------------------

    def assign_to(self, target, value, stmt):
        if isinstance(target, gast.Name):
            if isinstance(value, gast.Lambda):
                fn = gast.FunctionDef(name=target.id, args=value.args,
                                      body=[gast.copy_location(gast.Return(value=value.body),
                                                               value)],
                                      decorator_list=[], returns=None, type_comment=None,
                                      type_params=[])
                self.stmt_FunctionDef(gast.copy_location(fn, value))
                return
            if isinstance(value, gast.List) and not value.elts:
                self.lists.add(target.id)
            if isinstance(value, (gast.ListComp, gast.DictComp)) and \
                    target.id not in names_in(value):
                self.expr_ListComp(value, target.id, result=target.id)
                return
            if isinstance(value, (gast.Name, gast.Constant)) or is_atom(value):
                simple = self.atom(value, target.id)
            else:
                simple = self.simple(value, target.id)
            if isinstance(simple, gast.Name) and simple.id == target.id:
                return  # x = x (also what x **= 1 folds to)
            if target.id in names_in(simple) and not is_atom(simple):
                temp = self.fresh(target.id + "_" + _kind(simple))
                self.emit(assign(temp, simple), stmt)
                simple = name(temp)
            self.emit(assign(target.id, simple), stmt)
        elif isinstance(target, (gast.Tuple, gast.List)):
            if any(isinstance(e, gast.Starred) for e in target.elts):
                self.starred_assign(target, value, stmt)
                return
            if isinstance(value, (gast.Tuple, gast.List)) and len(value.elts) == len(
                    target.elts):
                atoms = [self.atom(v, _hint(t)) for v, t in zip(value.elts, target.elts)]
                written = names_in(target)
                for i, a in enumerate(atoms):
                    if isinstance(a, gast.Name) and a.id in written:
                        temp = self.fresh(a.id + "_old")
                        self.emit(assign(temp, a), stmt)
                        atoms[i] = name(temp)
                for t, a in zip(target.elts, atoms):
                    self.assign_to(t, a, stmt)
                return
            self.bind_target(target, value, stmt)
        elif isinstance(target, gast.Subscript):
            obj = self.atom(target.value, "item")
            index = self.index(target.slice, "index")
            hint = obj.id if isinstance(obj, gast.Name) else "item"
            self.setitem(obj, index, self.atom(value, hint + "_value"), stmt)
        else:
            raise self.info.error(target, f"assignment to {type(target).__name__.lower()} "
                                  "cannot be differentiated",
                                  "assign to a local variable", UnsupportedSyntaxError)

    def starred_assign(self, target, value, stmt):
        """``a, *rest, z = xs`` as ``a = xs[0]; rest = list(xs[1:-1]); z = xs[-1]``
        (``rest`` is a list whatever ``xs`` is, as in Python)."""
        stars = [i for i, e in enumerate(target.elts) if isinstance(e, gast.Starred)]
        if len(stars) > 1:
            raise self.info.error(target, "multiple starred expressions in assignment")
        k = stars[0]
        after = len(target.elts) - k - 1
        source = self.atom(value, "_".join(_hint(t) for t in target.elts if not isinstance(
            t, gast.Starred)) or "items")
        if k + after > 1:
            length = self.bind(self.make_call(runtime.sequence_length, [source], [], stmt),
                               "length")
            cond = self.bind(gast.Compare(left=length, ops=[gast.Lt()],
                                          comparators=[const(k + after)]), "cond")
            error = gast.Raise(exc=call("ValueError", const(
                f"not enough values to unpack (expected at least {k + after})")), cause=None)
            self.emit(gast.If(test=cond, body=[gast.copy_location(error, stmt)], orelse=[]),
                      stmt)
        for i, t in enumerate(target.elts):
            if i < k:
                item = gast.Subscript(value=source, slice=const(i), ctx=gast.Load())
            elif i > k:
                item = gast.Subscript(value=source, slice=const(i - len(target.elts)),
                                      ctx=gast.Load())
            else:
                part = gast.Subscript(value=source, slice=gast.Slice(
                    lower=const(k) if k else None, upper=const(-after) if after else None,
                    step=None), ctx=gast.Load())
                item = self.make_call(list, [self.bind(part, _hint(t.value) + "_items")], [],
                                      stmt)
                t = t.value
            self.bind_target(t, gast.copy_location(item, stmt), stmt)

    def bind_target(self, target, value, stmt):
        if isinstance(target, gast.Name):
            self.assign_to(target, value, stmt)
            return
        if not isinstance(target, (gast.Tuple, gast.List)) or (
                isinstance(value, (gast.Tuple, gast.List)) and len(value.elts) == len(
                    target.elts) and not any(isinstance(e, gast.Starred) for e in value.elts)):
            self.assign_to(target, value, stmt)
            return
        source = self.atom(value, "_".join(_hint(t) for t in target.elts))
        for i, t in enumerate(target.elts):
            item = gast.Subscript(value=source, slice=const(i), ctx=gast.Load())
            self.bind_target(t, item, stmt)

    def setitem(self, obj, index, value, stmt):
        if not (isinstance(obj, gast.Name) and obj.id in self.locals):
            raise self.info.error(stmt, "item assignment to a value that is not a local "
                                  "variable cannot be differentiated",
                                  cls=UnsupportedSyntaxError)
        target = gast.Subscript(value=name(obj.id), slice=index, ctx=gast.Store())
        self.emit(gast.Assign(targets=[target], value=value, type_comment=None), stmt)

    def list_append(self, target, method, node, stmt):
        if len(node.args) != 1 or node.keywords:
            raise self.info.error(node, f"{method}() takes one argument")
        value = self.atom(node.args[0], target + "_item")
        if method == "extend":
            raise self.info.error(node, "list.extend cannot be differentiated",
                                  "append the items one by one", UnsupportedSyntaxError)
        new = gast.Expr(value=call(gast.Attribute(value=name(target), attr="append",
                                                  ctx=gast.Load()), value))
        anno.set(new, "append", (target, value))
        self.emit(new, stmt)

    # -- expressions --------------------------------------------------------------------

    def atom(self, node, hint: str):
        """``node`` as a Name or Constant, emitting statements for its parts."""
        if isinstance(node, gast.Constant):
            return node
        if isinstance(node, gast.Name):
            return self.name_value(node)
        if isinstance(node, gast.Attribute) and self.free_value(node) is not _MISSING:
            return node
        simple = self.simple(node, hint)
        if is_atom(simple) or self.free_value(simple) is not _MISSING:
            return simple
        temp = self.fresh(hint + "_" + _kind(simple))
        self.emit(assign(temp, simple), self.current)
        return name(temp)

    def name_value(self, node):
        if node.id in self.locals or node.id in self.fresh.generated:
            if node.id in self.local_functions:
                raise self.info.error(node, f"the local function {node.id!r} can only be "
                                      "called", cls=UnsupportedSyntaxError)
            return name(node.id)
        value = self.info.lookup(node.id)
        if value is _MISSING:
            raise self.info.error(node, f"name {node.id!r} is not defined")
        return name(node.id)

    def free_value(self, node):
        """The value of a name or attribute chain rooted at a free (non-local) name."""
        if isinstance(node, gast.Name):
            if node.id in self.locals or node.id in self.fresh.generated:
                return _MISSING
            return self.info.lookup(node.id)
        if isinstance(node, gast.Attribute):
            base = self.free_value(node.value)
            if base is _MISSING:
                return _MISSING
            return self.info.attribute(node, base)  # remembers the chain it relied on
        return _MISSING

    def resolve_call(self, node):
        return self.free_value(node.func)

    def simple(self, node, hint: str):
        """``node`` as one operation over atoms, emitting statements for its operands."""
        kind = type(node).__name__
        method = getattr(self, "expr_" + kind, None)
        if method is None:
            raise self.info.error(node, f"the expression {_describe(node)} cannot be "
                                  "differentiated", cls=UnsupportedSyntaxError)
        out = method(node, hint)
        if not is_atom(out):
            gast.copy_location(out, node)
        return out

    def expr_Name(self, node, hint):
        return self.name_value(node)

    def expr_Constant(self, node, hint):
        return node

    def expr_BinOp(self, node, hint):
        left = self.atom(node.left, hint)
        right = self.atom(node.right, hint)
        return fold_constants(gast.BinOp(left=left, op=node.op, right=right))

    def expr_UnaryOp(self, node, hint):
        operand = self.atom(node.operand, hint)
        if isinstance(node.op, gast.UAdd):
            return operand
        if isinstance(operand, gast.Constant) and isinstance(node.op, gast.USub):
            return const(-operand.value)
        return gast.UnaryOp(op=node.op, operand=operand)

    def expr_Compare(self, node, hint):
        if len(node.ops) == 1:
            left = self.atom(node.left, hint)
            right = self.atom(node.comparators[0], hint)
            return gast.Compare(left=left, ops=node.ops, comparators=[right])
        parts, left = [], node.left
        for op, right in zip(node.ops, node.comparators):
            parts.append(gast.Compare(left=left, ops=[op], comparators=[right]))
            left = right
        return self.expr_BoolOp(gast.BoolOp(op=gast.And(), values=parts), hint)

    def expr_BoolOp(self, node, hint):
        result = self.fresh(hint + ("_and" if isinstance(node.op, gast.And) else "_or"))
        self.emit(assign(result, self.atom(node.values[0], hint)), self.current)
        self._bool_rest(result, node.op, node.values[1:], hint)
        return name(result)

    def _bool_rest(self, result, op, values, hint):
        if not values:
            return
        if isinstance(op, gast.And):
            test = name(result)
        else:
            test_name = self.fresh(hint + "_not")
            self.emit(assign(test_name, gast.UnaryOp(op=gast.Not(), operand=name(result))),
                      self.current)
            test = name(test_name)
        cond = self.fresh("cond")
        self.emit(assign(cond, test), self.current)
        saved, self.out = self.out, []
        self.emit(assign(result, self.atom(values[0], hint)), self.current)
        self._bool_rest(result, op, values[1:], hint)
        body, self.out = self.out, saved
        self.emit(gast.If(test=name(cond), body=body, orelse=[]), self.current)

    def expr_IfExp(self, node, hint):
        result = self.fresh(hint + "_ifexp")
        test = self.atom(node.test, "cond")
        if isinstance(test, gast.Name) and not test.id.startswith("cond"):
            cond = self.fresh("cond")
            self.emit(assign(cond, test), self.current)
            test = name(cond)
        saved, self.out = self.out, []
        self.emit(assign(result, self.atom(node.body, hint)), self.current)
        body, self.out = self.out, []
        self.emit(assign(result, self.atom(node.orelse, hint)), self.current)
        orelse, self.out = self.out, saved
        self.emit(gast.If(test=test, body=body, orelse=orelse), self.current)
        return name(result)

    def expr_Tuple(self, node, hint):
        return gast.Tuple(elts=[self.atom(e, hint) for e in node.elts], ctx=gast.Load())

    def expr_List(self, node, hint):
        return gast.List(elts=[self.atom(e, hint) for e in node.elts], ctx=gast.Load())

    def expr_Dict(self, node, hint):
        if any(k is None for k in node.keys):
            raise self.info.error(node, "**unpacking in a dict display cannot be "
                                  "differentiated", cls=UnsupportedSyntaxError)
        keys = [self.atom(k, hint) for k in node.keys]
        values = [self.atom(v, hint) for v in node.values]
        return gast.Dict(keys=keys, values=values)

    def expr_JoinedStr(self, node, hint):
        return node

    def expr_Attribute(self, node, hint):
        value = self.free_value(node)
        if value is not _MISSING:
            return node
        obj = self.atom(node.value, hint)
        cls = self.classes.get(obj.id) if isinstance(obj, gast.Name) else None
        if cls is not None and node.attr in getattr(cls, "_fields", ()):
            return gast.Subscript(value=obj, slice=const(cls._fields.index(node.attr)),
                                  ctx=gast.Load())  # p.w of a NamedTuple is an item
        if node.attr == "T":
            return self.make_call(rules.lookup_function("numpy.transpose"), [obj], [], node)
        if node.attr in ("real", "imag"):
            return self.make_call(rules.lookup_function("numpy." + node.attr), [obj], [], node)
        # any other attribute is read as written: a constant unless the object is
        # differentiated, which activity rejects (see activity.check_object_reads)
        return gast.Attribute(value=obj, attr=node.attr, ctx=gast.Load())

    def expr_Subscript(self, node, hint):
        trick = self.free_value(node.value)
        if any(trick is t for t in _INDEX_TRICKS):
            return self.index_trick(trick, node, hint)
        obj = self.atom(node.value, hint)
        index = self.index(node.slice, hint + "_index")
        return gast.Subscript(value=obj, slice=index, ctx=gast.Load())

    def index_trick(self, trick, node, hint):
        """``np.r_[a, b]`` as ``np.concatenate``, ``np.s_[i]`` as the index itself;
        ``np.mgrid``/``np.ogrid`` make constant grids; ``np.c_[a, b]`` as ``np.concatenate``
        of ``a`` and ``b`` reshaped to at least 2-D (1-D items as columns) on the last axis."""
        parts = node.slice.elts if isinstance(node.slice, gast.Tuple) else [node.slice]
        if trick is np.s_ or trick is np.index_exp:
            index = self.index(node.slice, hint)
            if isinstance(index, gast.Slice):
                index = _builtin_call(slice, *[const(None) if p is None else p for p in (
                    index.lower, index.upper, index.step)])
            elif isinstance(index, gast.Tuple):
                index = gast.Tuple(elts=[_builtin_call(slice, *[
                    const(None) if p is None else p for p in (e.lower, e.upper, e.step)])
                    if isinstance(e, gast.Slice) else e for e in index.elts], ctx=gast.Load())
            if trick is np.index_exp and not isinstance(index, gast.Tuple):
                index = gast.Tuple(elts=[index], ctx=gast.Load())
            return index
        if trick is np.mgrid or trick is np.ogrid:
            obj = self.atom(node.value, hint)
            return gast.Subscript(value=obj, slice=self.index(node.slice, hint + "_index"),
                                  ctx=gast.Load())
        if any(isinstance(p, gast.Slice) or (
                isinstance(p, gast.Constant) and isinstance(p.value, str)) for p in parts):
            what = "np.c_[...]" if trick is np.c_ else "np.r_[...]"
            raise self.info.error(node, f"{what} with a slice or string cannot be "
                                  "differentiated", "use np.concatenate, np.column_stack or "
                                  "np.stack, or np.arange for ranges", UnsupportedSyntaxError)
        items = []
        if trick is np.c_:
            # np.c_ makes each item at least 2-D (a 1-D item a column) and joins the last axis
            reshape = rules.lookup_function("numpy.reshape")
            for p in parts:
                p = self.atom(p, hint)
                shape = self.fresh(hint + "_column_shape")
                self.emit(assign(shape, self.make_call(runtime.column_shape, [p], [], node)),
                          self.current)
                temp = self.fresh(hint + "_column")
                self.emit(assign(temp, self.make_call(reshape, [p, name(shape)], [], node)),
                          self.current)
                items.append(name(temp))
            return self.make_call(rules.lookup_function("numpy.concatenate"),
                                  [gast.List(elts=items, ctx=gast.Load())],
                                  [gast.keyword(arg="axis", value=const(-1))], node)
        at_least_1d = rules.lookup_function("numpy.atleast_1d")
        for p in parts:
            temp = self.fresh(hint + "_atleast_1d")
            self.emit(assign(temp, self.make_call(at_least_1d, [p], [], node)), self.current)
            items.append(name(temp))
        return self.make_call(rules.lookup_function("numpy.concatenate"),
                              [gast.List(elts=items, ctx=gast.Load())], [], node)

    def index(self, node, hint):
        if isinstance(node, gast.Slice):
            parts = [None if p is None else self.atom(p, hint)
                     for p in (node.lower, node.upper, node.step)]
            return gast.Slice(lower=parts[0], upper=parts[1], step=parts[2])
        if isinstance(node, gast.Tuple):
            return gast.Tuple(elts=[self.index(e, hint) for e in node.elts], ctx=gast.Load())
        return self.atom(node, hint)

    def expr_ListComp(self, node, hint, result=None):
        if len(node.generators) != 1:
            raise self.info.error(node, "nested comprehensions cannot be differentiated",
                                  "write the loops out", UnsupportedSyntaxError)
        gen = node.generators[0]
        comp = isinstance(node, gast.DictComp)
        result = result or self.fresh(hint + ("_dict" if comp else "_list"))
        empty = gast.Dict(keys=[], values=[]) if comp else gast.List(elts=[], ctx=gast.Load())
        self.emit(assign(result, empty), self.current)
        if comp:
            self.dicts.add(result)
        else:
            self.lists.add(result)
        self.locals.add(result)
        renames = {n: self.fresh(n) for n in names_in(gen.target)}
        self.locals |= set(renames.values())
        from .syntax import substitute
        target = substitute(gen.target, renames)
        elt = None if isinstance(node, gast.DictComp) else substitute(node.elt, renames)
        ifs = [substitute(c, renames) for c in gen.ifs]
        if isinstance(node, gast.DictComp):
            key = substitute(node.key, renames)
            value = substitute(node.value, renames)
            slot = gast.Subscript(value=name(result), slice=key, ctx=gast.Store())
            body = [gast.Assign(targets=[slot], value=value, type_comment=None)]
        else:
            body = [gast.Expr(value=call(gast.Attribute(value=name(result), attr="append",
                                                        ctx=gast.Load()), elt))]
        for cond in reversed(ifs):
            body = [gast.If(test=cond, body=body, orelse=[])]
        loop = gast.For(target=target, iter=substitute(gen.iter, {}), body=body, orelse=[],
                        type_comment=None)
        for n in gast.walk(loop):
            if hasattr(n, "lineno") or isinstance(n, (gast.stmt, gast.expr)):
                gast.copy_location(n, node)
        self.stmt_For(loop)
        return name(result)

    expr_DictComp = expr_ListComp

    def expr_GeneratorExp(self, node, hint):
        """A generator expression is consumed where it is made (``sum(f(w) for w in ws)``):
        as the list its items make, which is the same values when the items have no
        side effects (a comprehension's calls are checked like any other)."""
        if not getattr(node, "s2s_consumed", False):
            raise self.info.error(node, "a generator expression can only be differentiated "
                                  "where it is consumed at once: by sum, list, tuple, max, "
                                  "min, any, all, sorted or a for loop",
                                  "build a list instead: [f(x) for x in xs]",
                                  UnsupportedSyntaxError)
        comp = gast.ListComp(elt=node.elt, generators=node.generators)
        return self.expr_ListComp(gast.copy_location(comp, node), hint)

    def expr_Lambda(self, node, hint):
        raise self.info.error(node, "a lambda can only be bound to a name and called",
                              "write f = lambda ...; f(x), or a def",
                              UnsupportedSyntaxError)

    def expr_Call(self, node, hint):
        func = node.func
        if any(isinstance(a, gast.GeneratorExp) for a in node.args) and \
                any(self.free_value(func) is c for c in _CONSUMERS):
            for a in node.args:
                a.s2s_consumed = True
        if any(isinstance(a, gast.Starred) for a in node.args) or any(
                k.arg is None for k in node.keywords):
            node = self.call_starred(node)
        if isinstance(func, gast.Call) and not any(isinstance(a, gast.Starred) for a in
                                                   func.args) and all(
                k.arg is not None for k in func.keywords) and func.args and \
                self.resolve_call(func) is functools.partial:
            # partial(f, a, k=v)(x) is f(a, x, k=v); the call's own keywords win
            named = {k.arg for k in node.keywords}
            fixed = [k for k in func.keywords if k.arg not in named]
            inner = gast.Call(func=func.args[0], args=func.args[1:] + node.args,
                              keywords=fixed + node.keywords)
            return self.expr_Call(gast.copy_location(inner, node), hint)
        if isinstance(func, gast.Call) and _is_transform(self.resolve_call(func)):
            self.nested_transform(func)
        target = self.free_value(func)
        if _is_transform(target):
            self.nested_transform(node)
        if target is map and len(node.args) >= 2 and not node.keywords and not any(
                isinstance(a, gast.Starred) for a in node.args):
            return self.expr_ListComp(gast.copy_location(self.map_as_list(node), node), hint)
        if isinstance(target, functools.partial) and isinstance(func, (gast.Name,
                                                                      gast.Attribute)):
            # a partial object known here: its function, with its stored arguments
            named = {k.arg for k in node.keywords}
            stored = [gast.Subscript(value=gast.Attribute(value=clone(func), attr="args",
                                                          ctx=gast.Load()),
                                     slice=const(i), ctx=gast.Load())
                      for i in range(len(target.args))]
            fixed = [gast.keyword(arg=k, value=gast.Subscript(value=gast.Attribute(
                value=clone(func), attr="keywords", ctx=gast.Load()), slice=const(k),
                ctx=gast.Load())) for k in target.keywords if k not in named]
            inner = gast.Call(func=gast.Attribute(value=clone(func), attr="func",
                                                  ctx=gast.Load()),
                              args=stored + node.args, keywords=fixed + node.keywords)
            for n in gast.walk(inner):
                gast.copy_location(n, node)
            return self.expr_Call(inner, hint)
        if isinstance(func, gast.Name) and func.id in self.known_functions:
            known = self.known_functions[func.id]
            out = self.make_call(known, node.args, node.keywords, node, hint)
            if isinstance(out, gast.Call) and isinstance(known, LocalFunction):
                out.func = clone(func)  # the caller's local function, passed in as func
            return out
        if isinstance(func, gast.Name) and func.id in self.local_functions:
            return self.make_call(self.local_functions[func.id], node.args, node.keywords,
                                  node, hint)
        target = self.free_value(func)
        owner = getattr(target, "__self__", None)
        if isinstance(func, gast.Attribute) and func.attr in _MUTATING_METHODS and isinstance(
                owner, (list, dict, set, bytearray, np.ndarray)):
            raise self.info.error(node, f"{_describe(func)} changes a {type(owner).__name__} "
                                  "that is not local to the function, which cannot be "
                                  "differentiated", "build a local list and return it, or "
                                  "pass the value in as an argument", UnsupportedSyntaxError)
        if target is _MISSING:
            if isinstance(func, gast.Attribute):
                return self.method_call(node, hint)
            raise self.info.error(node, f"cannot call {_describe(func)}: it is not a "
                                  "function known when the function is transformed",
                                  cls=UnsupportedSyntaxError)
        if any(target is c for c in _CONSUMERS) or isinstance(target, np.ufunc) or \
                (getattr(target, "__module__", None) or "").startswith("numpy"):
            for a in node.args:  # a builtin or NumPy function reads d.values() at once
                a.s2s_read_at_once = True
        if target is dict and not node.args and node.keywords:
            # dict(a=x, b=y) is the display {'a': x, 'b': y}
            return self.expr_Dict(gast.copy_location(gast.Dict(
                keys=[const(k.arg) for k in node.keywords],
                values=[k.value for k in node.keywords]), node), hint)
        if target is functools.partial:
            raise self.info.error(node, "a functools.partial object made inside the "
                                  "differentiated function cannot be differentiated",
                                  "call the function with all its arguments, make the "
                                  "partial at module level, or pass the arguments along",
                                  UnsupportedSyntaxError)
        if target is max or target is min:
            return self.extremum(target, node, hint)
        if isinstance(func, gast.Attribute) and _is_user_method(target):
            return self.user_method_call(target, node, hint)
        return self.make_call(target, node.args, node.keywords, node, hint)

    def remember_method(self, cls, method, static):
        if self.info.globals.get(cls.__name__) is cls:
            self.info.resolved.setdefault((cls.__name__,), cls)
            self.info.resolved[(cls.__name__, method)] = remembered(static)

    def class_method_call(self, cls, obj, node, hint):
        """``self.predict(x)`` where parameter ``self`` holds an instance of the user class
        ``cls`` (the derivative is specialised on it): ``self.__class__.predict(self, x)``.
        Replacing the method is seen while ``cls`` is a global of the function's module."""
        method = node.func.attr
        static = inspect.getattr_static(cls, method)
        fn = static.__func__ if isinstance(static, staticmethod) else static
        self.remember_method(cls, method, static)
        call = gast.Call(func=gast.Attribute(value=gast.Attribute(
            value=clone(obj), attr="__class__", ctx=gast.Load()), attr=method,
            ctx=gast.Load()), args=node.args, keywords=node.keywords)
        gast.copy_location(call, node)
        args = list(node.args) if isinstance(static, staticmethod) else [clone(obj)] + list(
            node.args)
        return _written(self.make_call(fn, args, node.keywords, call, hint), node.func)

    def user_method_call(self, method, node, hint):
        """``model.predict(x)`` on a free object of a user class: the function
        ``type(model).predict`` called with ``model`` first, written
        ``model.__class__.predict(model, x)``; the derivative holds while ``model.predict``
        is the same function bound to the same object."""
        func = node.func
        path, sub = [func.attr], func.value
        while isinstance(sub, gast.Attribute):
            path.append(sub.attr)
            sub = sub.value
        path.append(sub.id)
        path.reverse()
        self.info.resolved[tuple(path)] = method
        call = gast.Call(func=gast.Attribute(value=gast.Attribute(
            value=clone(func.value), attr="__class__", ctx=gast.Load()), attr=func.attr,
            ctx=gast.Load()), args=node.args, keywords=node.keywords)
        gast.copy_location(call, node)
        return _written(self.make_call(method.__func__, [clone(func.value)] + list(
            node.args), node.keywords, call, hint), func)

    def extremum(self, fn, node, hint):
        """``max(a, b, c)`` as ``max(max(a, b), c)``; ``max(items)`` as a loop over the
        items, which is what Python does (the first largest item wins)."""
        what = fn.__name__
        if node.keywords:
            raise self.info.error(node, f"{what}() with {node.keywords[0].arg}= cannot be "
                                  "differentiated", f"compute the {what} without "
                                  f"{node.keywords[0].arg}=, e.g. with an explicit loop",
                                  UnsupportedSyntaxError)
        args = node.args
        if len(args) == 1 and isinstance(args[0], (gast.List, gast.Tuple)):
            args = args[0].elts
        elif len(args) == 1:
            items = self.atom(args[0], hint + "_items")
            result = self.fresh(hint + "_" + what)
            index = self.fresh("index")
            first = gast.Subscript(value=items, slice=const(0), ctx=gast.Load())
            self.assign_to(name(result, store=True), gast.copy_location(first, node),
                           self.current)
            step = gast.Call(func=name(what), args=[name(result), gast.Subscript(
                value=items, slice=name(index), ctx=gast.Load())], keywords=[])
            loop = gast.For(target=name(index, store=True), iter=gast.Call(
                func=name("range"), args=[const(1), gast.Call(
                    func=name("len"), args=[items], keywords=[])], keywords=[]),
                body=[assign(result, step)], orelse=[], type_comment=None)
            for n in gast.walk(loop):
                if isinstance(n, (gast.stmt, gast.expr)):
                    gast.copy_location(n, node)
            self.locals |= {result, index}
            saved = self.current
            self.stmt_For(loop)
            self.current = saved
            return name(result)
        if not args:
            raise self.info.error(node, f"{what}() needs at least one argument")
        if len(args) == 1:
            return self.atom(args[0], hint)
        out = self.make_call(fn, args[:2], [], node, hint)
        for arg in args[2:]:
            out = self.make_call(fn, [self.bind(out, hint + "_" + what), arg], [], node, hint)
        return out

    def nested_transform(self, node):
        raise self.info.error(node, f"{_describe(node.func)} is a transformation called "
                              "inside the differentiated function (a nested derivative), "
                              "which s2sgrad cannot differentiate yet",
                              "take second derivatives from outside: s2sgrad.hessian, "
                              "s2sgrad.hvp, or s2sgrad.jvp of s2sgrad.grad(f)",
                              UnsupportedSyntaxError)

    def map_as_list(self, node):
        """``map(f, xs, ys)`` as ``[f(x, y) for x, y in zip(xs, ys)]`` (a lambda's body is
        the item): a map is consumed like a generator, so the list of its items gives the
        same values."""
        f, iters = node.args[0], node.args[1:]
        it = iters[0] if len(iters) == 1 else gast.Call(func=name("zip"), args=iters,
                                                          keywords=[])
        if len(iters) > 1 and self.info.lookup("zip") is not zip:
            raise self.info.error(node, "map over several sequences needs the builtin zip",
                                  cls=UnsupportedSyntaxError)
        if isinstance(f, gast.Lambda):
            a = f.args
            if a.vararg or a.kwarg or a.kwonlyargs or a.defaults or a.posonlyargs or \
                    len(a.args) != len(iters):
                raise self.info.error(f, "map with this lambda cannot be differentiated",
                                      "write a list comprehension", UnsupportedSyntaxError)
            params = [name(p.id, store=True) for p in a.args]
            elt = f.body
        else:
            params = [name(self.fresh("item"), store=True) for _ in iters]
            elt = gast.Call(func=f, args=[name(p.id) for p in params], keywords=[])
        target = params[0] if len(params) == 1 else gast.Tuple(elts=params, ctx=gast.Store())
        comp = gast.ListComp(elt=elt, generators=[gast.comprehension(
            target=target, iter=it, ifs=[], is_async=0)])
        for n in gast.walk(comp):
            if isinstance(n, (gast.expr, gast.stmt)) and getattr(n, "lineno", None) is None:
                gast.copy_location(n, node)
        return comp

    def call_starred(self, node):
        """``f(x, *rest, **opts)`` as a call with the items spelled out: a tuple or list
        display, ``*args``/``**kwargs`` of this function (their size is fixed per call),
        or a sequence whose length the callee's fixed parameters give (checked when the
        call runs, as Python would: ``f(*params)`` for ``def f(x, W, b)``)."""
        args, keywords = [], []
        for i, a in enumerate(node.args):
            if not isinstance(a, gast.Starred):
                args.append(a)
                continue
            value = a.value
            if isinstance(value, (gast.Tuple, gast.List)) and not any(
                    isinstance(e, gast.Starred) for e in value.elts):
                args.extend(value.elts)
                continue
            n = self.static_lengths.get(value.id) if isinstance(value, gast.Name) else None
            if n is None:
                n = self.star_length(node, len(args), node.args[i + 1:])
                if n is None:
                    raise self.info.error(a, f"the call unpacks {_describe(value)}, whose "
                                          "length is not known when the function is "
                                          "transformed", "pass the arguments one by one, or "
                                          "call a function with fixed parameters",
                                          UnsupportedSyntaxError)
                seq = self.atom(value, "star")
                self.check_length(seq, n, node)
                value = seq
            args.extend(gast.Subscript(value=clone(value), slice=const(j), ctx=gast.Load())
                        for j in range(n))
        for k in node.keywords:
            if k.arg is not None:
                keywords.append(k)
                continue
            value = k.value
            if isinstance(value, gast.Dict) and all(
                    isinstance(key, gast.Constant) and isinstance(key.value, str)
                    for key in value.keys):
                keywords.extend(gast.keyword(arg=key.value, value=v)
                                for key, v in zip(value.keys, value.values))
            elif isinstance(value, gast.Name) and value.id in self.static_keys:
                keywords.extend(gast.keyword(arg=key, value=gast.Subscript(
                    value=name(value.id), slice=const(key), ctx=gast.Load()))
                    for key in self.static_keys[value.id])
            else:
                raise self.info.error(node, f"the call unpacks **{_describe(value)}, whose "
                                      "keys are not known when the function is transformed",
                                      "pass the keyword arguments by name",
                                      UnsupportedSyntaxError)
        out = gast.Call(func=node.func, args=args, keywords=keywords)
        return gast.copy_location(out, node)

    def star_length(self, node, before, after):
        """How many items ``*seq`` must give in ``node`` after ``before`` positional
        arguments: the callee's positional parameters without defaults that neither the
        later arguments nor a keyword fill; None unless that is the only length Python
        accepts (no ``*args``, no defaults left, no other star)."""
        if any(isinstance(a, gast.Starred) for a in after):
            return None
        fn = self.free_value(node.func)
        if isinstance(node.func, gast.Name) and node.func.id in self.local_functions:
            fn = self.local_functions[node.func.id]
        sig = _signature(fn)
        if sig is None or sig[2] is not None:
            return None
        params, n_pos, _, _, defaults = sig
        named = {k.arg for k in node.keywords if k.arg is not None}
        n = n_pos - before - len(after)
        rest = params[before:before + n]
        if n < 0 or any(p in defaults or p in named for p in rest) or any(
                p in named for p in params[before + n:n_pos]):
            return None
        return n

    def check_length(self, seq, n, node):
        """``if sequence_length(seq) != n: raise TypeError(...)``, as the call would."""
        length = self.bind(self.make_call(runtime.sequence_length, [seq], [], node),
                           _hint(seq) + "_length" if isinstance(seq, gast.Name) else "length")
        cond = self.bind(gast.Compare(left=length, ops=[gast.NotEq()],
                                      comparators=[const(n)]), "cond")
        message = const(f"{_describe(node.func).strip(chr(39))}() takes exactly {n} "
                        f"positional arguments from *{_describe(seq).strip(chr(39))}")
        error = gast.Raise(exc=call("TypeError", message), cause=None)
        self.emit(gast.If(test=cond, body=[gast.copy_location(error, node)], orelse=[]),
                  self.current)

    def function_argument(self, node):
        """An argument that is a lambda or a local function, passed to a user function
        that calls it: a local def the call passes by name."""
        if isinstance(node, gast.Lambda):
            fresh = self.fresh("lambda_fn")
            self.locals.add(fresh)
            fn = gast.FunctionDef(name=fresh, args=node.args, body=[gast.copy_location(
                gast.Return(value=node.body), node)], decorator_list=[], returns=None,
                type_comment=None, type_params=[])
            self.stmt_FunctionDef(gast.copy_location(fn, node))
            return name(fresh)
        if isinstance(node, gast.Name) and node.id in self.local_functions:
            return name(node.id)
        return node

    def call_spec(self, fn, args, keywords, node) -> tuple:
        """What this call to the user function ``fn`` fixes for its derivative: how many
        items its ``*args`` and which keys its ``**kwargs`` get, and the functions its
        parameters hold (passed here, or callable defaults), so the callee's calls of
        them are differentiated as calls of those functions."""
        sig = _signature(fn)
        if sig is None:
            return ()
        params, n_pos, vararg, kwarg, defaults = sig
        spec = []
        if vararg is not None:
            spec.append(("varargs", max(0, len(args) - n_pos)))
        named = {k.arg: k.value for k in keywords}
        if kwarg is not None:
            spec.append(("varkw", tuple(sorted(k for k in named if k not in params))))
        bound = dict(zip(params[:n_pos], args))
        bound.update((k, v) for k, v in named.items() if k in params)
        for p in params:
            if p in bound:
                value = self.function_value(bound[p], node)
                if isinstance(value, LocalFunction) and isinstance(fn, types.FunctionType) \
                        and fn.__globals__ is not self.info.globals:
                    raise self.info.error(node, f"a local function is passed to "
                                          f"{fn.__name__}(), which is defined in another "
                                          "module", "define the function passed at module "
                                          "level", UnsupportedSyntaxError)
            else:
                value = defaults.get(p, _MISSING)
                value = self.free_value(value) if isinstance(value, gast.AST) else value
                value = value if _is_function_value(value) else _MISSING
            if value is not _MISSING:
                spec.append(("fn", p, Same(value)))
        if isinstance(fn, LocalFunction):  # a local def calling a function this call knows
            spec += [("fn", p, Same(self.known_functions[p])) for p in fn.free
                     if p in self.known_functions and p not in params]
        return tuple(spec)

    def function_value(self, node, call_node):
        """The function an argument certainly holds (a global or module function, a NumPy
        function, a local function of this one), else ``_MISSING``."""
        if isinstance(node, gast.Name) and node.id in self.local_functions:
            local = self.local_functions[node.id]
            outer = set(self.info.closure) & names_in(local.node)
            if local.free or outer:
                raise self.info.error(call_node, f"the local function {node.id!r} reads "
                                      f"{sorted(local.free or outer)[0]!r} of the enclosing "
                                      "function, so it cannot be passed to another function",
                                      "pass that value as an argument too, or define the "
                                      "function at module level", UnsupportedSyntaxError)
            return local
        if isinstance(node, gast.Name) and node.id in self.known_functions:
            return self.known_functions[node.id]
        value = self.free_value(node) if isinstance(node, (gast.Name, gast.Attribute)) \
            else _MISSING
        return value if _is_function_value(value) else _MISSING

    def method_call(self, node, hint):
        func = node.func
        owner = func.value
        if isinstance(owner, gast.Attribute) and owner.attr == "__class__" and isinstance(
                owner.value, gast.Name) and owner.value.id in self.classes:
            # generated code read back (forward over reverse): obj.__class__.f(obj, x)
            cls = self.classes[owner.value.id]
            static = inspect.getattr_static(cls, func.attr, None)
            if isinstance(static, (types.FunctionType, staticmethod)):
                self.remember_method(cls, func.attr, static)
                fn = static.__func__ if isinstance(static, staticmethod) else static
                return self.make_call(fn, node.args, node.keywords, node, hint)
        obj = self.atom(func.value, hint)
        method = func.attr
        if method in _VARARG_METHODS:
            args = node.args
            if len(args) > 1 or (len(args) == 1 and isinstance(args[0], gast.Constant)
                                 and method == "reshape"):
                args = [gast.Tuple(elts=args, ctx=gast.Load())]
            if method == "transpose" and not args:
                fn = rules.lookup_function("numpy.transpose")
                return self.make_call(fn, [obj], node.keywords, node)
            fn = rules.lookup_function("numpy." + method)
            return self.make_call(fn, [obj] + args, node.keywords, node)
        if method in _ARRAY_METHODS:
            if method == "astype":
                dtype = self.free_value(node.args[0]) if node.args else _MISSING
                if isinstance(node.args[0], gast.Constant) if node.args else False:
                    dtype = node.args[0].value
                try:
                    import numpy
                    floating = numpy.dtype(dtype).kind in "fc"  # complex: the identity too
                except TypeError:
                    floating = False
                fn = rules.ASTYPE if floating else rules.ASTYPE_OTHER
                return self.make_call(fn, [obj] + node.args, node.keywords, node)
            if method == "flatten":
                method = "ravel"
            if method == "conjugate":
                method = "conj"
            if method == "item":
                return self.make_call(rules.ITEM, [obj] + node.args, node.keywords, node)
            if method == "tolist":
                return self.make_call(rules.TOLIST, [obj], node.keywords, node)
            fn = rules.lookup_function("numpy." + method)
            if fn is None:
                raise self.info.error(node, f"the method .{method}() has no derivative rule",
                                      cls=NonDifferentiableError)
            return self.make_call(fn, [obj] + node.args, node.keywords, node)
        if method in _INPLACE_METHODS or (method.startswith("__i") and method.endswith("__")):
            raise self.info.error(node, f".{method}() changes the array in place, which "
                                  "cannot be differentiated",
                                  _INPLACE_METHODS.get(method, "write y = y + ... instead"),
                                  UnsupportedSyntaxError)
        if method == "pop" and isinstance(obj, gast.Name) and not node.args and \
                not node.keywords:
            out = gast.Call(func=gast.Attribute(value=obj, attr="pop", ctx=gast.Load()),
                            args=[], keywords=[])
            anno.set(out, "fn", rules.LIST_POP)
            anno.set(out, "pop", obj.id)
            return out
        if method == "keys" and not node.args and not node.keywords:
            return self.make_call(runtime.dict_keys, [obj], [], node)
        if method in ("values", "items") and not node.args and not node.keywords and \
                self.is_dict(obj) and (getattr(node, "s2s_read_at_once", False) or
                                       getattr(node, "s2s_consumed", False)):
            # list(d.values()) as the list [v for v in d.values()] (a loop over the keys):
            # the view is read at once, so a snapshot of it is the same (a view bound to a
            # name would see later changes of the dict, and stays an error)
            elt = name("value") if method == "values" else gast.Tuple(
                elts=[name("key"), name("value")], ctx=gast.Load())
            target = clone(elt)
            for n in gast.walk(target):
                if isinstance(n, (gast.Name, gast.Tuple)):
                    n.ctx = gast.Store()
            comp = gast.ListComp(elt=elt, generators=[gast.comprehension(
                target=target, iter=gast.Call(func=gast.Attribute(
                    value=obj, attr=method, ctx=gast.Load()), args=[], keywords=[]),
                ifs=[], is_async=0)])
            return self.expr_ListComp(gast.copy_location(comp, node), hint)
        if method == "get" and node.args:
            fn = rules.DICT_GET
            return self.make_call(fn, [obj] + node.args, node.keywords, node)
        cls = self.classes.get(obj.id) if isinstance(obj, gast.Name) else None
        if cls is not None and isinstance(inspect.getattr_static(cls, method, None), (
                types.FunctionType, staticmethod)):
            return self.class_method_call(cls, obj, node, hint)
        # a method of an object s2sgrad knows nothing about (a RandomState, a user object):
        # it runs as written while nothing differentiated reaches it (activity checks that)
        args = [self.argument(a, hint) for a in node.args]
        kws = [gast.keyword(arg=k.arg, value=self.argument(k.value, hint))
               for k in node.keywords]
        out = gast.Call(func=gast.Attribute(value=obj, attr=method, ctx=gast.Load()),
                        args=args, keywords=kws)
        out.s2s_fn = OBJECT_METHOD
        return out

    def make_call(self, fn, args, keywords, node, hint=None):
        lowered = self.call_effects(fn, args, keywords, node, hint)
        if lowered is not None:
            return lowered
        if fn is list and len(args) == 1 and not keywords and self.is_dict(args[0]):
            fn = runtime.dict_keys  # list(d) is the keys of d, which carry no derivative
        if isinstance(fn, types.FunctionType) and isinstance(node, gast.Call) and \
                fn.__code__.co_flags & inspect.CO_GENERATOR and _signature(fn) is not None \
                and not getattr(node, "s2s_listed", False):
            # a generator helper: the list of what it yields (see generator_as_list)
            node.s2s_listed = True
            items = self.bind(self.make_call(fn, args, keywords, node, hint),
                              (hint or _fn_hint(fn)) + "_items")
            return self.make_call(list, [items], [], node)
        hint = hint or _fn_hint(fn)
        user = _signature(fn) is not None
        if user:
            args = [self.function_argument(a) for a in args]
            keywords = [gast.keyword(arg=k.arg, value=self.function_argument(k.value))
                        for k in keywords]
        call_args = [a if user and self.function_value(a, node) is not _MISSING
                     else self.argument(a, hint) for a in args]
        kws = [gast.keyword(arg=k.arg, value=k.value if user and self.function_value(
            k.value, node) is not _MISSING else self.argument(k.value, hint))
            for k in keywords]
        canonical = rules.canonical_name(fn)
        if id(fn) in _METHOD_HELPERS:
            func = name(_METHOD_HELPERS[id(fn)])
        elif canonical is not None:
            func = dotted(canonical)
        elif isinstance(fn, LocalFunction):
            func = name(fn.node.name)
        else:
            func = clone(node.func) if isinstance(node, gast.Call) else dotted(
                getattr(fn, "__name__", "f"))
        out = gast.Call(func=func, args=call_args, keywords=kws)
        anno.set(out, "fn", fn)
        spec = self.call_spec(fn, call_args, kws, node) if user else ()
        if spec:
            anno.set(out, "spec", spec)
        if fn is sorted and args and self.is_dict(args[0]):
            anno.set(out, "dict_keys", True)  # sorted keys: no derivative, rightly
        return out

    # -- calls that write into an array -------------------------------------------------

    def call_effects(self, fn, args, keywords, node, hint):
        """Lower or reject a call that writes into an array; None for other calls.

        A write the derivative does not know about would make it silently wrong, so
        ``f(..., out=y)`` becomes ``y[...] = f(...)``, ufunc methods become the NumPy
        function with the same derivative, and every other mutating call is an error.
        """
        mutating = _MUTATING_IDS.get(id(fn))
        owner = getattr(fn, "__self__", None)
        method = getattr(fn, "__name__", None) or ""
        if mutating is None and method in _INPLACE_METHODS and \
                isinstance(owner, (np.random.Generator, np.random.RandomState)):
            mutating = (f"{type(owner).__name__}.{method}", _INPLACE_METHODS[method],
                        "its argument")
        if mutating is None and isinstance(owner, np.ndarray) and (
                method in _INPLACE_METHODS or method.startswith("__i")):
            # a method of a global array, such as BUFFER.fill(0.0)
            what = _describe(node.func) if isinstance(node, gast.Call) else f".{method}()"
            mutating = (what, _INPLACE_METHODS.get(method, "write y = y + ... instead"),
                        "the array")
        if mutating is not None:
            raise self.info.error(node, f"{mutating[0]} changes {mutating[2]} in place, which "
                                  "cannot be differentiated", mutating[1],
                                  UnsupportedSyntaxError)
        if isinstance(owner, np.ufunc) and not isinstance(fn, np.ufunc):
            return self.ufunc_method(owner, fn.__name__, args, keywords, node, hint)
        if getattr(fn, "__objclass__", None) is np.ndarray:
            raise self.info.error(node, f"np.ndarray.{fn.__name__} called on the class cannot "
                                  "be differentiated", "call the NumPy function and assign "
                                  "its result: y = np.add(y, x)", UnsupportedSyntaxError)
        wheres = [k for k in keywords if k.arg == "where"]
        if wheres and isinstance(wheres[0].value, gast.Constant) and \
                wheres[0].value.value is True:
            rest = [k for k in keywords if k.arg != "where"]
            return self.make_call(fn, args, rest, node, hint)
        if wheres and id(fn) in _MASKED_REDUCTIONS and args:
            # np.sum(x, where=m) is np.sum(np.where(m, x, 0)): the masked-out items add 0
            rest = [k for k in keywords if k.arg != "where"]
            mask = self.atom(wheres[0].value, "mask")
            masked = self.bind(self.make_call(np.where, [mask, args[0], const(
                _MASKED_REDUCTIONS[id(fn)])], [], node), "masked")
            return self.make_call(fn, [masked] + list(args[1:]), rest, node, hint)
        if not _is_numpy(fn):
            return None  # a user function's parameter named out is just a parameter
        outs = [k for k in keywords if k.arg == "out"]
        if isinstance(fn, np.ufunc) and len(args) > fn.nin:
            if outs:
                raise self.info.error(node, "out given twice")
            return self.call_with_out(fn, args[:fn.nin], keywords, args[fn.nin:], node, hint)
        position = _out_position(fn)
        if position is not None and len(args) > position:
            # np.sum(x, 0, None, y): out passed by position; later ones become keywords
            params = list(inspect.signature(fn).parameters)
            rest = list(keywords) + [gast.keyword(arg=p, value=a) for p, a in zip(
                params[position + 1:], args[position + 1:])]
            return self.call_with_out(fn, args[:position], rest, [args[position]], node, hint)
        if outs:
            rest = [k for k in keywords if k.arg != "out"]
            out = outs[0].value
            if isinstance(out, gast.Constant) and out.value is None:
                return self.make_call(fn, args, rest, node, hint)
            out = out.elts if isinstance(out, gast.Tuple) else [out]
            return self.call_with_out(fn, args, rest, out, node, hint)
        return None

    def call_with_out(self, fn, args, keywords, outs, node, hint):
        """``f(x, out=y)`` as ``y[...] = f(x)``: the write becomes an item assignment."""
        what = _describe(node.func) if isinstance(node, gast.Call) else "this call"
        if len(outs) != 1:
            raise self.info.error(node, f"{what} with several outputs in out= cannot be "
                                  "differentiated", "assign the results instead",
                                  UnsupportedSyntaxError)
        if any(k.arg == "where" for k in keywords):
            raise self.info.error(node, f"{what} with out= and where= keeps the old values "
                                  "where the mask is False, which cannot be differentiated",
                                  "write y = np.where(mask, f(x), y)", UnsupportedSyntaxError)
        out = outs[0]
        if isinstance(out, gast.Name) and out.id in self.locals:
            obj, index = name(out.id), const(Ellipsis)
        elif isinstance(out, gast.Subscript) and isinstance(out.value, gast.Name) and \
                out.value.id in self.locals:
            obj, index = name(out.value.id), self.index(out.slice, "index")
        else:
            raise self.info.error(node, f"{what} writes into out={_describe(out)}, which is "
                                  "not a local array, so the write cannot be differentiated",
                                  "assign the result instead: y = f(x)",
                                  UnsupportedSyntaxError)
        hint = hint or _fn_hint(fn)
        result = self.bind(self.make_call(fn, args, keywords, node, hint), hint)
        self.setitem(obj, index, result, self.current)
        if isinstance(index, gast.Constant):
            return obj
        return gast.Subscript(value=obj, slice=index, ctx=gast.Load())

    def ufunc_method(self, ufunc, method, args, keywords, node, hint):
        """``np.add.reduce`` is ``np.sum`` over axis 0, ``np.multiply.outer(a, b)`` is
        ``a`` reshaped to broadcast against ``b`` times ``b``, and so on; ``.at`` writes
        into its first argument and is rejected."""
        label = f"np.{ufunc.__name__}.{method}"
        if method == "at":
            return self.ufunc_at(ufunc, label, args, keywords, node)
        kws = {k.arg: k.value for k in keywords}
        table = {"reduce": _UFUNC_REDUCE, "accumulate": _UFUNC_ACCUMULATE}.get(method, {})
        allowed = {"axis", "out"} | ({"keepdims"} if method == "reduce" else set())
        if ufunc.__name__ in table and 1 <= len(args) <= 2 and set(kws) <= allowed and not (
                len(args) == 2 and "axis" in kws):
            axis = args[1] if len(args) == 2 else kws.pop("axis", const(0))
            rest = [gast.keyword(arg=k, value=v) for k, v in kws.items()]
            target = table[ufunc.__name__]
            return self.make_call(target, [args[0]], [gast.keyword(arg="axis", value=axis)]
                                  + rest, node, hint or _fn_hint(target))
        if method == "outer" and ufunc.nin == 2 and len(args) == 2 and \
                set(kws) <= {"out"} and rules.lookup(ufunc) is not None:
            a = self.atom(args[0], "outer")
            b = self.atom(args[1], "outer")
            shape = self.bind(self.make_call(np.shape, [a], [], node), "outer_shape")
            ndim = self.bind(self.make_call(np.ndim, [b], [], node), "outer_ndim")
            ones = self.bind(gast.BinOp(left=gast.Tuple(elts=[const(1)], ctx=gast.Load()),
                                        op=gast.Mult(), right=ndim), "outer_ones")
            shape = self.bind(gast.BinOp(left=shape, op=gast.Add(), right=ones), "outer_shape")
            column = self.bind(self.make_call(np.reshape, [a, shape], [], node), "outer_column")
            return self.make_call(ufunc, [column, b], keywords, node, hint)
        equivalent = {"reduce": "np.sum, np.prod, np.max or np.min",
                      "accumulate": "np.cumsum or np.cumprod"}.get(method, "a loop")
        raise self.info.error(node, f"{label} with these arguments cannot be differentiated",
                              f"write it with {equivalent}", NonDifferentiableError)

    def ufunc_at(self, ufunc, label, args, keywords, node):
        """``np.add.at(y, idx, x)`` as the loop it is: one item update per position that
        ``y[idx]`` names, in order, so repeated positions accumulate (``_ufunc_at``)."""
        module = node.func.value.value if isinstance(node, gast.Call) and isinstance(
            node.func.value, gast.Attribute) else None
        if module is None or self.free_value(module) is not np or ufunc.nin != 2 or \
                getattr(np, ufunc.__name__, None) is not ufunc or len(args) != 3 or \
                keywords or rules.lookup(ufunc) is None:
            raise self.info.error(node, f"{label} with these arguments cannot be "
                                  "differentiated", "write np.<ufunc>.at(y, idx, x) with a "
                                  "NumPy ufunc that has a derivative, or a loop: "
                                  "for k in range(len(idx)): y[idx[k]] += x[k]",
                                  UnsupportedSyntaxError)
        target = self.atom(args[0], "at")
        if not (isinstance(target, gast.Name) and target.id in self.locals):
            raise self.info.error(node, f"{label} writes into {_describe(args[0])}, which is "
                                  "not a local array, so the write cannot be differentiated",
                                  "make a local copy first: y = y.copy()",
                                  UnsupportedSyntaxError)
        hint = target.id + "_at"
        index = self.argument(args[1], hint + "_index")
        if not isinstance(index, gast.Name):
            index = self.bind(index, hint + "_index")
        value = self.atom(args[2], hint + "_value")
        if not isinstance(value, gast.Name):
            value = self.bind(value, hint + "_value")
        mapping = {"np": clone(module), "ufunc": clone(node.func.value), "y": target,
                   "index": index, "x": value}
        for n in ("positions", "coords", "items", "k", "point"):
            mapping[n] = name(self.fresh(f"{hint}_{n}"))
            self.locals.add(mapping[n].id)
        saved = self.current
        for stmt in _UFUNC_AT.body:
            stmt = substitute(stmt, mapping)
            for n in gast.walk(stmt):
                if isinstance(n, (gast.stmt, gast.expr)):
                    gast.copy_location(n, node)
                    n.end_lineno = getattr(node, "end_lineno", None)
            self.stmt(stmt)
        self.current = saved
        return const(None)

    def bind(self, value, hint):
        """``value`` assigned to a fresh name at the current statement."""
        temp = self.fresh(hint)
        self.emit(assign(temp, value), self.current)
        return name(temp)

    def argument(self, node, hint):
        if isinstance(node, (gast.Tuple, gast.List)):
            elts = [self.argument(e, hint) for e in node.elts]
            return type(node)(elts=elts, ctx=gast.Load())
        if isinstance(node, gast.Slice):
            return self.index(node, hint)
        return self.atom(node, hint)


_METHOD_HELPERS = {id(rules.ASTYPE): "array_astype", id(rules.ASTYPE_OTHER): "array_astype",
                   id(rules.ITEM): "array_item", id(rules.TOLIST): "array_tolist",
                   id(rules.DICT_GET): "dict_get", id(runtime.dict_keys): "dict_keys",
                   id(runtime.sequence_length): "sequence_length",
                   id(runtime.column_shape): "column_shape"}
# the keys of a dict, the length of a sequence and a shape carry no derivative
rules.nondifferentiable_object(runtime.dict_keys, "dict_keys")
rules.nondifferentiable_object(runtime.sequence_length, "sequence_length")
rules.nondifferentiable_object(runtime.column_shape, "column_shape")


# builtins that consume a generator at once: a list of its items gives the same values
_CONSUMERS = (sum, list, tuple, max, min, any, all, sorted)

_INDEX_TRICKS = (np.r_, np.c_, np.s_, np.index_exp, np.mgrid, np.ogrid)


def _ufunc_at(np, ufunc, y, index, x, positions, coords, items, k, point):
    positions = np.reshape(np.arange(np.size(y)), np.shape(y))[index]
    coords = np.stack(np.unravel_index(np.ravel(positions), np.shape(y)), axis=-1)
    items = np.ravel(np.broadcast_to(x, np.shape(positions)))
    for k in range(len(items)):
        point = tuple(coords[k])
        y[point] = ufunc(y[point], items[k])


def _template(fn):
    import textwrap

    tree = gast.parse(textwrap.dedent(inspect.getsource(fn)))
    return tree.body[0]


_UFUNC_AT = _template(_ufunc_at)


def _is_numpy(fn) -> bool:
    """Is ``fn`` a NumPy function or ufunc (whose out= writes into an array)?"""
    return isinstance(fn, np.ufunc) or (getattr(fn, "__module__", None) or "").split(".")[
        0] == "numpy"


def _out_position(fn) -> int | None:
    """The position of a NumPy function's ``out`` parameter, if it can be passed by position."""
    try:
        params = list(inspect.signature(fn).parameters.values())
    except (TypeError, ValueError):
        return None
    for i, p in enumerate(params):
        if p.name == "out":
            return i if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD) else None
    return None


_MUTATOR_NAMES = set(_INPLACE_METHODS) | {
    "append", "extend", "insert", "pop", "remove", "clear", "update", "setdefault", "popitem",
    "at", "copyto", "put", "place", "putmask", "fill_diagonal", "put_along_axis", "out"}
_STORE_OPS = {"STORE_SUBSCR", "DELETE_SUBSCR", "STORE_ATTR", "DELETE_ATTR", "STORE_GLOBAL",
              "DELETE_GLOBAL"}


def _may_mutate(fn, seen=None) -> bool:
    """Can calling ``fn`` change an argument or global state? True unless its code, and
    the code of the module-level functions it calls, shows no item or attribute store,
    no augmented assignment and no mutating method."""
    if isinstance(fn, LocalFunction):
        for n in gast.walk(fn.node):
            if isinstance(n, (gast.AugAssign, gast.Global, gast.Nonlocal)) or (
                    isinstance(n, (gast.Subscript, gast.Attribute))
                    and isinstance(n.ctx, (gast.Store, gast.Del))) or (
                    isinstance(n, gast.Attribute) and n.attr in _MUTATOR_NAMES) or (
                    isinstance(n, gast.keyword) and n.arg == "out"):
                return True
        return False
    code = getattr(fn, "__code__", None)
    if not isinstance(code, types.CodeType):
        return True
    seen = set() if seen is None else seen
    if id(code) in seen:
        return False
    seen.add(id(code))
    scope = getattr(fn, "__globals__", {})
    todo = [code]
    while todo:
        code = todo.pop()
        todo += [c for c in code.co_consts if isinstance(c, types.CodeType)]
        if _MUTATOR_NAMES & set(code.co_names):
            return True
        for n in code.co_names:
            callee = scope.get(n)
            if isinstance(callee, types.FunctionType) and _may_mutate(callee, seen):
                return True
        for ins in dis.get_instructions(code):
            if ins.opname in _STORE_OPS or ins.opname.startswith("INPLACE_") or (
                    ins.opname == "BINARY_OP" and str(ins.argrepr).endswith("=")) or (
                    ins.opname == "KW_NAMES" and "out" in (ins.argval or ())):
                return True
        if "out" in code.co_consts or any(isinstance(c, tuple) and "out" in c
                                           for c in code.co_consts):
            return True
    return False


_TRANSFORMS = {"grad", "value_and_grad", "elementwise_grad", "jacobian", "hessian",
               "hessian_vector_product", "make_vjp", "make_jvp", "make_hvp", "jvp", "vjp",
               "jacfwd", "jacrev", "hvp", "grad_and_aux", "tensor_jacobian_product",
               "vector_jacobian_product", "holomorphic_grad", "deriv", "multigrad_dict",
               "make_ggnvp", "higher_grad", "value_and_grad_and_aux"}


def _is_transform(fn) -> bool:
    """Is ``fn`` one of s2sgrad's transformations (or of its autograd layer)?"""
    module = getattr(fn, "__module__", None) or ""
    return callable(fn) and getattr(fn, "__name__", None) in _TRANSFORMS and (
        module == "s2sgrad" or module.startswith(("s2sgrad.", "autograd")))


class Same:
    """A value in a cache key that equals only itself (a function a call passes)."""

    __slots__ = ("obj",)

    def __init__(self, obj):
        self.obj = obj

    def __eq__(self, other):
        return type(other) is Same and other.obj is self.obj

    def __hash__(self):
        return id(self.obj)

    def __repr__(self):
        return f"Same({getattr(self.obj, '__name__', self.obj)!r})"


def _is_function_value(value) -> bool:
    """A function whose calls s2sgrad can differentiate, known by identity."""
    if isinstance(value, (types.FunctionType, LocalFunction, np.ufunc)):
        return True
    return callable(value) and not isinstance(value, type) and rules.lookup(value) is not None


def _signature(fn):
    """``(params, n_positional, vararg, kwarg, defaults)`` of a user function (a Python
    function, through an lru_cache, or a local one; defaults as values, or as expressions
    for a local one); None for anything else."""
    from .parsing import through_cache

    fn = through_cache(fn)
    if isinstance(fn, LocalFunction):
        a = fn.node.args
        positional = a.posonlyargs + a.args
        defaults = {p.id: d for p, d in zip(positional[len(positional) - len(a.defaults):],
                                            a.defaults)}
        defaults.update({p.id: d for p, d in zip(a.kwonlyargs, a.kw_defaults) if d is not None})
        return ([p.id for p in positional + a.kwonlyargs], len(positional),
                a.vararg.id if a.vararg else None, a.kwarg.id if a.kwarg else None, defaults)
    if not isinstance(fn, types.FunctionType) or rules.canonical_name(fn) is not None or \
            rules.lookup(fn) is not None:
        return None
    code = fn.__code__
    n_pos = code.co_argcount
    params = list(code.co_varnames[:n_pos + code.co_kwonlyargcount])
    extra = code.co_varnames[n_pos + code.co_kwonlyargcount:]
    vararg = extra[0] if code.co_flags & inspect.CO_VARARGS else None
    kwarg = extra[1 if vararg else 0] if code.co_flags & inspect.CO_VARKEYWORDS else None
    defaults = dict(zip(params[n_pos - len(fn.__defaults__ or ()):n_pos], fn.__defaults__ or ()))
    defaults.update(fn.__kwdefaults__ or {})
    return params, n_pos, vararg, kwarg, defaults


def _builtin_call(fn, *args):
    node = call(fn.__name__, *args)
    anno.set(node, "fn", fn)
    return node


def _opname(op) -> str:
    return _OPNAMES.get(type(op), type(op).__name__.lower())


def _kind(node) -> str:
    if isinstance(node, gast.BinOp):
        return _opname(node.op)
    if isinstance(node, gast.UnaryOp):
        return {gast.USub: "neg", gast.Not: "not", gast.Invert: "invert"}.get(
            type(node.op), "unary")
    if isinstance(node, gast.Call):
        return _fn_hint(anno.get(node, "fn", None))
    if isinstance(node, gast.Subscript):
        return "item"
    if isinstance(node, gast.Compare):
        return "cmp"
    if isinstance(node, (gast.Tuple, gast.List)):
        return "items"
    if isinstance(node, gast.Attribute):
        return node.attr
    return "value"


def _fn_hint(fn) -> str:
    if isinstance(fn, LocalFunction):
        return fn.node.name
    n = getattr(fn, "__name__", None) or "call"
    return n.strip("<>_") or "call"


def _hint(target) -> str:
    return target.id if isinstance(target, gast.Name) else "items"


def _describe(node) -> str:
    try:
        return repr(gast.unparse(node)) if hasattr(gast, "unparse") else type(node).__name__
    except Exception:
        return type(node).__name__
