"""What normalization knows about Python and NumPy callables: operator names, array
methods, functions that mutate an argument, ufunc methods, user functions and
objects, and the small predicates over them that the lowering passes share.
"""

from __future__ import annotations

import dataclasses
import inspect
import operator
import types
from dataclasses import dataclass, field

import gast
import numpy as np

from .. import anno, rules, runtime
from ..errors import UnsupportedSyntaxError
from ..parsing import SourceInfo
from ..syntax import Names, call, walk

_OPNAMES = {
    gast.Add: "add",
    gast.Sub: "sub",
    gast.Mult: "mul",
    gast.Div: "div",
    gast.FloorDiv: "floordiv",
    gast.Mod: "mod",
    gast.Pow: "pow",
    gast.MatMult: "matmul",
    gast.BitAnd: "and",
    gast.BitOr: "or",
    gast.BitXor: "xor",
    gast.LShift: "lshift",
    gast.RShift: "rshift",
}


# array methods that are NumPy functions taking the array first
_ARRAY_METHODS = {
    "sum",
    "mean",
    "prod",
    "max",
    "min",
    "var",
    "std",
    "cumsum",
    "cumprod",
    "argmax",
    "argmin",
    "any",
    "all",
    "clip",
    "dot",
    "ravel",
    "squeeze",
    "swapaxes",
    "repeat",
    "take",
    "trace",
    "diagonal",
    "copy",
    "conj",
    "conjugate",
    "round",
    "nonzero",
    "argsort",
    "flatten",
    "astype",
    "item",
    "tolist",
    "fill_diagonal",
}


_VARARG_METHODS = {"reshape", "transpose"}


# methods of lists, dicts and sets that change them in place
_MUTATING_METHODS = {
    "append",
    "extend",
    "insert",
    "pop",
    "remove",
    "clear",
    "update",
    "setdefault",
    "popitem",
    "sort",
    "reverse",
    "add",
    "discard",
    "__setitem__",
    "__delitem__",
    "__iadd__",
    "__imul__",
    "fill",
    "put",
    "itemset",
    "resize",
    "partition",
    "setfield",
}


_INACTIVE_ATTRS = {"shape", "ndim", "size", "dtype", "itemsize", "nbytes", "__class__"}


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
        _MUTATING_IDS[id(_obj)] = (_path.replace("numpy.", "np.", 1), _hint_text, "its argument")


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
    _UNSUPPORTED_STMTS[gast.TryStar] = ("try/except*", "catch the exception group with except")


if hasattr(gast, "Match"):
    _UNSUPPORTED_STMTS[gast.Match] = ("a match statement", "use if/elif instead")


if hasattr(gast, "TemplateStr"):  # Python 3.14's t-strings (PEP 750)
    _UNSUPPORTED_STMTS[gast.TemplateStr] = (
        "a template string (t-string)",
        "use an f-string: a Template keeps the values it interpolates, and their derivatives "
        "would be lost",
    )


def _written(call, func):
    """``call`` remembering the method as the user wrote it (``m.update``), for errors."""
    if isinstance(call, gast.Call):
        anno.set(call, "written", func)
    return call


def _is_user_method(fn) -> bool:
    """A Python function bound to an instance (not a class or module): a user method."""
    if not (
        isinstance(fn, types.MethodType)
        and isinstance(fn.__func__, types.FunctionType)
        and not isinstance(fn.__self__, (type, types.ModuleType))
    ):
        return False
    module = getattr(type(fn.__self__), "__module__", None)  # not always a str (Cython)
    library = module.split(".")[0] if isinstance(module, str) else ""
    return (
        library not in ("numpy", "scipy", "s2sgrad", "random")  # random.gauss: random._inst
        and rules.lookup(fn) is None
        and rules.lookup(fn.__func__) is None
    )  # SciPy's distribution methods get rules


class _ObjectMethod:
    """The ``fn`` annotation of a call ``obj.method(...)`` on a local object of a type
    s2sgrad does not know (a ``RandomState``, a user object): the call runs as written in
    the forward sweep, which is right only while no differentiated value reaches it
    (activity checks)."""

    __name__ = "method"

    def __repr__(self):
        return "<method of an object>"


OBJECT_METHOD = _ObjectMethod()


class _CalledValue:
    """The ``fn`` annotation of a call whose callee is a value known only when the code
    runs (``ACTS[i](x)``, ``act(x)`` for a local ``act``): it runs as written in the
    forward sweep, and its derivative is made when the derivative runs
    (:mod:`s2sgrad.runtime.callees`)."""

    __name__ = "call"

    def __repr__(self):
        return "<function known when the code runs>"


CALLED_VALUE = _CalledValue()


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
    cell_writes: tuple = ()  # names declared nonlocal and rebound (normalize.outside_logs)
    # the bindings (parsing.binding) of names that the analysis of what callees change in
    # place read (normalize.changed): the normal form holds while they do
    callee_reads: tuple = ()
    entry: bool = False  # the function the user differentiates, not one it calls
    vararg_length: int | None = None  # items in *args, where the call site fixes it
    vararg_active: tuple | None = None  # the positions of those differentiated (None: all)


def _tree_init_fields(cls):
    """The fields a NamedTuple or dataclass class takes when called, in order, if its
    constructor is the generated one (no ``__post_init__``, no ``__new__`` of its own);
    None for anything else."""
    if not isinstance(cls, type):
        return None
    make = cls.__new__ if issubclass(cls, tuple) else cls.__init__
    if getattr(getattr(make, "__code__", None), "co_filename", None) != "<string>":
        return None
    if issubclass(cls, tuple) and isinstance(getattr(cls, "_fields", None), tuple):
        return list(cls._fields)
    if hasattr(cls, "__dataclass_fields__") and not hasattr(cls, "__post_init__"):
        return [f.name for f in dataclasses.fields(cls) if f.init]
    return None


def _field_defaults(cls) -> set:
    """The fields of a NamedTuple or dataclass class that have defaults."""
    if issubclass(cls, tuple):
        return set(getattr(cls, "_field_defaults", {}))
    return {
        f.name
        for f in dataclasses.fields(cls)
        if f.default is not dataclasses.MISSING or f.default_factory is not dataclasses.MISSING
    }


def _located(node, like):
    for n in walk(node):
        if isinstance(n, (gast.stmt, gast.expr)):
            gast.copy_location(n, like)
            n.end_lineno = getattr(like, "end_lineno", None)
    return node


def _item_deletion(node) -> bool:
    """``del c[k]``: of a list or dict a function owns, normalize.removals rewrites it."""
    return isinstance(node, gast.Delete) and all(
        isinstance(t, gast.Subscript) and isinstance(t.value, gast.Name) for t in node.targets
    )


def _check_statements(stmts, info):
    for node in walk(gast.Module(body=stmts, type_ignores=[])):
        for kind, (what, hint) in _UNSUPPORTED_STMTS.items():
            if isinstance(node, kind) and not _item_deletion(node):
                raise info.error(
                    node, f"{what} cannot be differentiated", hint, UnsupportedSyntaxError
                )
        if isinstance(node, (gast.Yield, gast.YieldFrom)):
            raise info.error(
                node,
                "yield makes a generator, which cannot be differentiated",
                "build a list and return an array instead",
                UnsupportedSyntaxError,
            )
        if isinstance(node, gast.Await):
            raise info.error(
                node,
                "await cannot be differentiated",
                "use a plain function",
                UnsupportedSyntaxError,
            )
        if isinstance(node, gast.NamedExpr):
            raise info.error(
                node,
                "the walrus operator := cannot be differentiated",
                "assign in a separate statement",
                UnsupportedSyntaxError,
            )


def _assigned_names(stmts) -> set[str]:
    out = set()
    for node in walk(gast.Module(body=stmts, type_ignores=[])):
        if isinstance(node, gast.Name) and isinstance(node.ctx, (gast.Store, gast.Param)):
            out.add(node.id)
        elif isinstance(node, gast.FunctionDef):
            out.add(node.name)
    return out


def store_counts(stmts) -> dict[str, int]:
    """How many times each name is stored or deleted in ``stmts``."""
    stores: dict[str, int] = {}
    for node in walk(gast.Module(body=stmts, type_ignores=[])):
        if isinstance(node, gast.Name) and isinstance(node.ctx, (gast.Store, gast.Del)):
            stores[node.id] = stores.get(node.id, 0) + 1
    return stores


def _fixed_tuples(stmts) -> dict[str, int]:
    """Local names bound once, to a tuple display: their length is known."""
    stores = store_counts(stmts)
    out = {}
    for node in walk(gast.Module(body=stmts, type_ignores=[])):
        if (
            isinstance(node, gast.Assign)
            and len(node.targets) == 1
            and isinstance(node.targets[0], gast.Name)
            and isinstance(node.value, gast.Tuple)
            and not any(isinstance(e, gast.Starred) for e in node.value.elts)
            and stores[node.targets[0].id] == 1
        ):
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


def _is_module_or_callable(value) -> bool:
    return isinstance(value, types.ModuleType) or callable(value)


_METHOD_HELPERS = {
    id(rules.ASTYPE): "array_astype",
    id(rules.ASTYPE_OTHER): "array_astype",
    id(rules.ITEM): "array_item",
    id(rules.TOLIST): "array_tolist",
    id(rules.DICT_GET): "dict_get",
    id(runtime.dict_keys): "dict_keys",
    id(runtime.sequence_length): "sequence_length",
    id(runtime.sorted_keys): "sorted_keys",
    id(runtime.sorted_order): "sorted_order",
    id(runtime.best_position): "best_position",
    id(runtime.column_shape): "column_shape",
    id(runtime.first_items): "first_items",
    id(runtime.enter_context): "enter_context",
    id(runtime.exit_context): "exit_context",
}


# the keys of a dict, the length of a sequence and a shape carry no derivative
rules.nondifferentiable_object(runtime.dict_keys, "dict_keys")
rules.nondifferentiable_object(runtime.dict_key, "dict_key")  # a key, checked (readbacks)
rules.nondifferentiable_object(runtime.sorted_keys, "sorted_keys")
rules.nondifferentiable_object(runtime.sorted_order, "sorted_order")  # positions only
rules.nondifferentiable_object(runtime.best_position, "best_position")


rules.nondifferentiable_object(runtime.sequence_length, "sequence_length")


rules.nondifferentiable_object(runtime.column_shape, "column_shape")


# a with block's manager is entered and left in the primal sweep (normalize.contexts)
rules.nondifferentiable_object(runtime.enter_context, "enter_context")
rules.nondifferentiable_object(runtime.exit_context, "exit_context")


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
    return (
        isinstance(fn, np.ufunc) or (getattr(fn, "__module__", None) or "").split(".")[0] == "numpy"
    )


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


_TRANSFORMS = {
    "grad",
    "value_and_grad",
    "elementwise_grad",
    "jacobian",
    "hessian",
    "hessian_vector_product",
    "make_vjp",
    "make_jvp",
    "make_hvp",
    "jvp",
    "vjp",
    "jacfwd",
    "jacrev",
    "hvp",
    "grad_and_aux",
    "tensor_jacobian_product",
    "vector_jacobian_product",
    "holomorphic_grad",
    "deriv",
    "multigrad_dict",
    "make_ggnvp",
    "higher_grad",
    "value_and_grad_and_aux",
}


def _is_transform(fn) -> bool:
    """Is ``fn`` one of s2sgrad's transformations (or of its autograd layer)?"""
    module = getattr(fn, "__module__", None) or ""
    return (
        callable(fn)
        and getattr(fn, "__name__", None) in _TRANSFORMS
        and (module == "s2sgrad" or module.startswith(("s2sgrad.", "autograd")))
    )


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


def value_spec(values: dict) -> list:
    """The spec entries (see :func:`s2sgrad.normalize.normalize`) of the parameter values
    ``values`` the normal form depends on: ``("fn", p, Same(f))`` a function, ``("module",
    p, Same(m))`` a module (``def f(x, np=np)``: ``np.sum`` is NumPy's)."""
    out = [("fn", p, Same(v)) for p, v in values.items() if _is_function_value(v)]
    return out + [("module", p, Same(v)) for p, v in values.items() if _is_module(v)]


def _is_module(value) -> bool:
    return isinstance(value, types.ModuleType)


def _signature(fn):
    """``(params, n_positional, vararg, kwarg, defaults)`` of a user function (a Python
    function, through an lru_cache, or a local one; defaults as values, or as expressions
    for a local one); None for anything else."""
    from ..parsing import through_cache

    fn = through_cache(fn)
    if isinstance(fn, LocalFunction):
        a = fn.node.args
        positional = a.posonlyargs + a.args
        defaults = {
            p.id: d for p, d in zip(positional[len(positional) - len(a.defaults) :], a.defaults)
        }
        defaults.update({p.id: d for p, d in zip(a.kwonlyargs, a.kw_defaults) if d is not None})
        return (
            [p.id for p in positional + a.kwonlyargs],
            len(positional),
            a.vararg.id if a.vararg else None,
            a.kwarg.id if a.kwarg else None,
            defaults,
        )
    if (
        not isinstance(fn, types.FunctionType)
        or rules.canonical_name(fn) is not None
        or rules.lookup(fn) is not None
    ):
        return None
    code = fn.__code__
    n_pos = code.co_argcount
    params = list(code.co_varnames[: n_pos + code.co_kwonlyargcount])
    extra = code.co_varnames[n_pos + code.co_kwonlyargcount :]
    vararg = extra[0] if code.co_flags & inspect.CO_VARARGS else None
    kwarg = extra[1 if vararg else 0] if code.co_flags & inspect.CO_VARKEYWORDS else None
    defaults = dict(zip(params[n_pos - len(fn.__defaults__ or ()) : n_pos], fn.__defaults__ or ()))
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
            type(node.op), "unary"
        )
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


# why a change of an object's attribute is an error, and what to write instead
ATTRIBUTE_HINT = (
    "s2sgrad follows changes of lists, dicts and arrays in local variables only, not "
    "in an object's attributes (self.history, self.cache, self.state): keep the value "
    "in a local variable of the function, pass it to the method and return its new "
    "value (state = cell.advance(state, w), h, history = cell.step(h, history) "
    "returning history + [h])"
)

# the same for a method called for what it stores on its object (self.set_params(w))
METHOD_STATE_HINT = (
    "s2sgrad follows values in local variables, not those a method stores on its object "
    "for later reads: have the method return them and use them as locals (W, b = "
    "self.unpack(w), then X @ W.T + b), or compute them in the differentiated method"
)


def _describe(node) -> str:
    try:
        return repr(gast.unparse(node)) if hasattr(gast, "unparse") else type(node).__name__
    except Exception:
        return type(node).__name__


def _is_user_class(cls) -> bool:
    """A class of the user's (not NumPy's, SciPy's, s2sgrad's or a builtin), not a
    NamedTuple or dataclass tree: its methods are read from source."""
    if not isinstance(cls, type) or _tree_init_fields(cls) is not None:
        return False
    module = getattr(cls, "__module__", "")
    library = module.split(".")[0] if isinstance(module, str) else ""  # a property (Cython)
    return library not in ("numpy", "scipy", "s2sgrad", "builtins", "autograd")


def _is_user_tree(cls) -> bool:
    """A NamedTuple or dataclass class of the user's: its own methods are read from source
    (``p.dot()`` of a NamedTuple with a method ``dot`` is that method, not ``np.dot``)."""
    if not isinstance(cls, type) or _tree_init_fields(cls) is None:
        return False
    library = (getattr(cls, "__module__", "") or "").split(".")[0]
    return library not in ("numpy", "scipy", "s2sgrad", "builtins", "autograd", "collections")
