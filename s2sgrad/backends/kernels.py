"""Fused regions (see :mod:`s2sgrad.fuse`) lowered to one loop over elements.

A backend that fuses registers a ``fused_kernel`` helper made by :func:`fused_kernel`:
it wraps each region function of the generated code. On a call the wrapper reads the
*signature* of the arguments (arrays of the backend's type, one shape, C-contiguous,
one float dtype; Python scalars; ``None`` for a default seed); for a signature it has
not seen it types the region's statements and asks the backend to compile them; a
region it cannot type for those arguments (an operand of another shape, an integer
array, a NumPy scalar of another dtype, ...) runs its NumPy body instead (the guard).
Kernels are cached by the region's source and the signature, like units.

Typing follows NumPy's rules for what the kernels accept: arrays of dtype ``T`` with
Python scalars stay ``T`` (the scalars are weak), comparisons give ``bool``, and a
value computed from scalars alone stays a scalar. The kernel computes every statement
per element in ``T``; full reductions accumulate in double precision.
"""

from __future__ import annotations

import ast
import functools
import inspect
import math
import textwrap
import threading
from dataclasses import dataclass, field

import numpy

from .. import runtime

# np names with a kernel: name -> arity
FUNCTIONS = {
    "sin": 1,
    "cos": 1,
    "tan": 1,
    "arcsin": 1,
    "arccos": 1,
    "arctan": 1,
    "sinh": 1,
    "cosh": 1,
    "tanh": 1,
    "arcsinh": 1,
    "arccosh": 1,
    "arctanh": 1,
    "exp": 1,
    "expm1": 1,
    "exp2": 1,
    "log": 1,
    "log1p": 1,
    "log2": 1,
    "log10": 1,
    "sqrt": 1,
    "cbrt": 1,
    "abs": 1,
    "absolute": 1,
    "fabs": 1,
    "negative": 1,
    "square": 1,
    "reciprocal": 1,
    "sign": 1,
    "maximum": 2,
    "minimum": 2,
    "arctan2": 2,
    "hypot": 2,
    "power": 2,
    "where": 3,
}
FLOATS = ("float32", "float64")


class Unsupported(Exception):
    """The region cannot be compiled for these arguments: run its NumPy body."""


def elementwise(path: str) -> bool:
    """The ``elementwise`` predicate of the fusion pass for kernels of this module."""
    from ..fuse import is_elementwise

    head, _, attr = path.partition(".")
    return head == "np" and attr in FUNCTIONS and is_elementwise(path)


# -- the region, read from its source ----------------------------------------------------------


@dataclass
class Region:
    name: str
    params: list[str]
    outputs: list[str]
    body: list  # ast statements (comments are gone: they are not in the AST)
    helpers: dict  # free variable name -> runtime helper name
    source: str


def read_region(fn) -> Region:
    """The region function ``fn`` (a def of generated code, its source in linecache)."""
    source = textwrap.dedent(inspect.getsource(fn))
    fdef = ast.parse(source).body[0]
    # the region's free variables are the unit's bindings: a helper is bound under its
    # own name, with "_" appended while that name is taken (pipeline.Builder.helper)
    names = {
        n
        for n, f in vars(runtime).items()
        if runtime.is_helper(f) and callable(f) and not n.startswith("_")
    }
    helpers = {n: n.rstrip("_") for n in fn.__code__.co_freevars if n.rstrip("_") in names}
    ret = fdef.body[-1]
    outs = ret.value.elts if isinstance(ret.value, ast.Tuple) else [ret.value]
    return Region(
        fdef.name,
        [a.arg for a in fdef.args.args],
        [o.id for o in outs],
        fdef.body[:-1],
        helpers,
        source,
    )


# -- the signature of one call ----------------------------------------------------------------


def signature(args, params, array_type, broadcast=False):
    """``(T, shape, kinds)`` for a call, or ``None`` when the kernel does not fit: every
    array of ``array_type`` has one shape and one float dtype ``T`` and is C-contiguous;
    other arguments are Python numbers, NumPy scalars of dtype ``T`` or ``None``.

    With ``broadcast``, an array may instead broadcast against the region's shape (the
    broadcast of all of them) as a *row* (ones, then the region's last axes: a bias
    ``(k,)`` of ``(n, k)``), a *column* (the region's first axes, then ones: a row sum
    ``(n, 1)``) or one element; its kind is then ``(kind, its shape)`` (see
    :func:`broadcast_index`). Anything else (``(1, k, 1)`` of ``(n, k, m)``) is ``None``."""
    kinds, shapes, dtype = [], [], None
    for a in args:
        if type(a) is array_type and a.ndim > 0:  # not a subclass (np.matrix multiplies)
            shapes.append(tuple(a.shape))
            if not broadcast and shapes[-1] != shapes[0]:
                return None
            if not _contiguous(a):
                return None
            name = dtype_name(a.dtype)
            if name == "bool":
                kinds.append("barray")
                continue
            if dtype is None:
                dtype = name
            elif name != dtype:
                return None
            kinds.append("array")
        elif a is None:
            kinds.append("none")
        elif isinstance(a, bool):
            kinds.append("bool")
        elif isinstance(a, (int, float)):
            kinds.append("weak")
        elif isinstance(a, numpy.generic) or (type(a) is array_type and a.ndim == 0):
            kinds.append(("scalar", dtype_name(a.dtype)))
        else:
            return None
    if dtype not in FLOATS or not shapes:
        return None
    shape = shapes[0]
    if broadcast and any(s != shape for s in shapes):
        try:
            shape = tuple(numpy.broadcast_shapes(*shapes))
        except ValueError:
            return None  # NumPy's body raises NumPy's error
    if math.prod(shape) == 0:
        return None
    out, arrays = [], iter(shapes)
    for k in kinds:
        if isinstance(k, tuple):
            if k[1] != dtype:
                return None
            out.append("scalar")
        elif k in ("array", "barray"):
            own = next(arrays)
            if own != shape:
                if broadcast_index(own, shape) is None:
                    return None
                k = (k, own)
            out.append(k)
        else:
            out.append(k)
    return dtype, shape, tuple(out)


def broadcast_index(own, shape) -> str | None:
    """The flat index into a C-contiguous array of shape ``own`` of the element that
    broadcasts to element ``i`` of ``shape`` (a C-order flat index): ``"i"`` for the same
    shape, ``"(i % c)"`` for a row, ``"(i // c)"`` for a column, ``"0"`` for one element,
    ``None`` for other broadcasts."""
    padded = (1,) * (len(shape) - len(own)) + tuple(own)
    if len(padded) != len(shape):
        return None
    if padded == tuple(shape):
        return "i"
    if math.prod(own) == 1:
        return "0"
    cut = next(k for k, n in enumerate(padded) if n != 1)  # a row: ones, then shape's own
    if padded[cut:] == tuple(shape[cut:]):
        return f"(i % {math.prod(shape[cut:])})"
    cut = max(k for k, n in enumerate(padded) if n != 1) + 1  # a column: shape's, then ones
    if padded[:cut] == tuple(shape[:cut]):
        return f"(i // {math.prod(shape[cut:])})"
    return None


def dtype_name(dt) -> str:
    """``"float32"`` for NumPy, CuPy and MLX dtypes alike."""
    name = getattr(dt, "name", None)
    return name if isinstance(name, str) else str(dt).rsplit(".", 1)[-1]


def _contiguous(a) -> bool:
    flags = getattr(a, "flags", None)
    if flags is None:
        return True
    return bool(flags["C_CONTIGUOUS"] if not hasattr(flags, "c_contiguous") else flags.c_contiguous)


# -- typing and lowering ----------------------------------------------------------------------


@dataclass
class Value:
    code: str
    type: str  # "T", "bool" or "weak" (a Python number: takes the array's type)
    shape: tuple  # NumPy's shape of the value: () for a scalar, else one value per element

    @property
    def full(self) -> bool:
        """One value per element of the loop (else one scalar)."""
        return self.shape != ()


@dataclass
class Plan:
    """A region typed for one signature, its expressions in the backend's dialect."""

    T: str
    inputs: list  # (param, kind, var): kind "array" (of T), "barray" (of bool), "scalar"
    # (T), "none" (a default seed) or "bool" (a Python bool only a seed may read)
    # var -> the index expression of element ``i`` of an array input that broadcasts
    # (:func:`broadcast_index`; the others are read at ``i``)
    lines: list  # (var, expr, declare, ctype "T" or "bool"): ``var = expr`` per element
    reductions: list  # (name, var, how): accumulate var; how "sum" or "mean"
    outputs: list  # (name, kind, var, dtype): kind "array" or "reduction"
    seed: tuple | None = None  # (target, param, reduced value it seeds)
    # lines whose expr is None: var -> (np function, argument var), computed by NumPy's own
    # ufunc between loops (where the dialect's ``delegated`` says NumPy's is faster)
    ufuncs: dict = field(default_factory=dict)
    index: dict = field(default_factory=dict)
    # output -> the shape of a broadcast operand it is the adjoint of: the kernel writes
    # the adjoint of the region's shape, summed to that shape after it (as unbroadcast)
    sums: dict = field(default_factory=dict)


class Dialect:
    """How a backend writes expressions; subclasses give the spelling."""

    true, false = "True", "False"

    def const(self, value, T) -> str:
        raise NotImplementedError

    def call(self, fn: str, args: list[str], T: str) -> str:
        raise NotImplementedError

    def cast(self, code, T) -> str:
        return f"np.{T}({code})"

    def where(self, c, a, b) -> str:
        return f"({a} if {c} else {b})"

    def power(self, a, b) -> str:
        return f"({a} ** {b})"

    def logical(self, c: Value) -> str:
        return c.code if c.type == "bool" else f"({c.code} != 0)"

    def delegated(self, fn: str, T: str) -> bool:
        """Should NumPy's own ufunc compute ``np.<fn>`` of an array between loops (the
        plan then has a line with expr ``None``, see :attr:`Plan.ufuncs`)?"""
        return False


def shape_queries(array_type) -> tuple:
    """``(shape, ndim, size)`` for the NumPy-like namespace of ``array_type``: read from an
    array's attributes (no device round trip), NumPy's answer for anything else."""

    def shape(a):
        s = getattr(a, "shape", None)
        return numpy.shape(a) if s is None else tuple(s)

    def ndim(a):
        n = getattr(a, "ndim", None)
        return numpy.ndim(a) if n is None else n

    def size(a, axis=None):
        if not isinstance(a, array_type):
            return numpy.size(a, axis)
        return a.size if axis is None else a.shape[axis]

    return shape, ndim, size


class CDialect(Dialect):
    """The spelling CUDA C++ and Metal share: ``c ? a : b``, ``true``/``false``, and
    negative, square and reciprocal as operators; subclasses name the functions."""

    true, false = "true", "false"

    def function(self, fn: str) -> str:
        raise NotImplementedError

    def one(self, T) -> str:
        return self.const(1.0, T)

    def call(self, fn, args, T):
        if fn == "negative":
            return f"(-{args[0]})"
        if fn == "square":
            return f"({args[0]} * {args[0]})"
        if fn == "reciprocal":
            return f"({self.one(T)} / {args[0]})"
        return f"{self.function(fn)}({', '.join(args)})"

    def where(self, c, a, b):
        return f"({c} ? {a} : {b})"


_BINOPS = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/"}
_CMPS = {ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">=", ast.Eq: "==", ast.NotEq: "!="}


def joint(*values) -> tuple:
    """The shape NumPy gives an operation of ``values`` (the broadcast of theirs)."""
    shapes = [v.shape for v in values]
    if all(s == shapes[0] for s in shapes):
        return shapes[0]
    try:
        return tuple(numpy.broadcast_shapes(*shapes))
    except ValueError as exc:  # NumPy's body raises NumPy's error
        raise Unsupported("operands that do not broadcast") from exc


def _summed(node, expr):
    """``(g, x's shape)`` for ``unbroadcast(g, x)`` of an adjoint ``g`` of the region's
    shape and an array ``x`` that broadcasts against it (a row, a column), else ``None``."""
    g, x = expr(node.args[0]), expr(node.args[1])
    if g.full and x.full and g.shape != x.shape and g.type == x.type == "T":
        return g, x.shape
    return None


def sum_to(g, shape):
    """``g`` summed to the broadcast operand's ``shape``, as ``runtime.unbroadcast`` sums."""
    lead = g.ndim - len(shape)
    if lead > 0:
        g = numpy.sum(g, axis=tuple(range(lead)))
    axes = tuple(i for i, n in enumerate(shape) if n == 1 and g.shape[i] != 1)
    return numpy.sum(g, axis=axes, keepdims=True) if axes else g


def plan(region: Region, sig, dialect: Dialect) -> Plan:
    """Type ``region`` for ``sig`` (from :func:`signature`); raises :class:`Unsupported`."""
    T, shape, kinds = sig
    shape = tuple(shape)
    env: dict[str, Value] = {}
    p = Plan(T, [], [], [], [])
    for name, kind in zip(region.params, kinds):
        var = "v_" + name
        own = shape
        if isinstance(kind, tuple):  # an array that broadcasts against the region
            kind, own = kind
            p.index[var] = broadcast_index(own, shape)
        if kind in ("array", "barray"):
            env[name] = Value(var, "T" if kind == "array" else "bool", tuple(own))
            p.inputs.append((name, kind, var))
        elif kind in ("weak", "scalar"):
            env[name] = Value(var, "weak" if kind == "weak" else "T", ())
            p.inputs.append((name, "scalar", var))
        else:
            p.inputs.append((name, kind, var))  # None or a bool: only a seed may read it
    reduced: dict[str, str] = {}
    pairs: dict[str, tuple] = {}  # mul_or_repeat_/add_or_concat_adjoint results: (da, db)

    def expr(node) -> Value:
        if isinstance(node, ast.Name):
            if node.id not in env or node.id in p.sums:
                raise Unsupported(f"{node.id} is not an elementwise value here")
            return env[node.id]
        if isinstance(node, ast.Constant):
            v = node.value
            if isinstance(v, bool):
                return Value(dialect.true if v else dialect.false, "bool", ())
            if isinstance(v, (int, float)):
                return Value(dialect.const(v, T), "weak", ())
            raise Unsupported(f"constant {v!r}")
        if isinstance(node, ast.UnaryOp):
            a = expr(node.operand)
            if a.type == "bool":
                raise Unsupported("arithmetic on booleans")
            if isinstance(node.op, ast.USub):
                return Value(f"(-{a.code})", a.type, a.shape)
            return a
        if isinstance(node, ast.BinOp):
            a, b = expr(node.left), expr(node.right)
            # NumPy: a bool array with a T array gives T (with a Python number, float64)
            if a.type == "bool" and b.type == "T":
                a = Value(dialect.cast(a.code, T), "T", a.shape)
            if b.type == "bool" and a.type == "T":
                b = Value(dialect.cast(b.code, T), "T", b.shape)
            if "bool" in (a.type, b.type):
                raise Unsupported("arithmetic on booleans")
            t = "T" if "T" in (a.type, b.type) else "weak"
            if isinstance(node.op, ast.Pow):
                if isinstance(node.right, ast.Constant) and node.right.value == 2:
                    code = f"({a.code} * {a.code})"
                else:
                    code = dialect.power(a.code, b.code)
            else:
                code = f"({a.code} {_BINOPS[type(node.op)]} {b.code})"
            return Value(code, t, joint(a, b))
        if isinstance(node, ast.Compare):
            a, b = expr(node.left), expr(node.comparators[0])
            return Value(f"({a.code} {_CMPS[type(node.ops[0])]} {b.code})", "bool", joint(a, b))
        if isinstance(node, ast.Call):
            return call(node)
        if (
            isinstance(node, ast.Subscript)
            and isinstance(node.value, ast.Name)
            and node.value.id in pairs
            and isinstance(node.slice, ast.Constant)
        ):
            v = pairs[node.value.id][node.slice.value]
            if isinstance(v, str):  # an adjoint this kernel cannot make, read here
                raise Unsupported(v)
            return v
        raise Unsupported(type(node).__name__)

    def pair_adjoints(target, node, product):
        """``[unbroadcast(g * b, a), unbroadcast(g * a, b)]`` of a product, ``[unbroadcast(g,
        a), unbroadcast(g, b)]`` of a sum: on arrays and numbers (the guard admits no list
        or tuple) ``mul_or_repeat_adjoint`` and ``add_or_concat_adjoint`` are these."""
        g, a, b = node.args
        out = []
        for k, (other, x) in enumerate(((b, a), (a, b))):
            v = expr(ast.BinOp(left=g, op=ast.Mult(), right=other)) if product else expr(g)
            # an adjoint the kernel cannot make fails only where it is read (a Python
            # number's adjoint is often not wanted: ``scale * x`` for the gradient in x)
            if v.full and v.shape != expr(x).shape:
                out.append("unbroadcast to a scalar or a broadcast operand is a sum")
                continue
            if v.type == "bool" or (v.type == "weak" and v.full):
                out.append("a product's adjoint of booleans or Python numbers")
                continue
            var = f"v_{target}_{k}"
            p.lines.append((var, v.code, True, "T"))
            out.append(Value(var, v.type, v.shape))
        pairs[target] = tuple(out)

    def call(node) -> Value:
        f = node.func
        helper = region.helpers.get(f.id) if isinstance(f, ast.Name) else None
        if helper == "add":  # on arrays and numbers (a container fails the guard): a + b
            return expr(ast.BinOp(left=node.args[0], op=ast.Add(), right=node.args[1]))
        if helper == "array_operand":  # of an array or number (the guard admits no list)
            return expr(node.args[0])
        if helper == "unbroadcast":
            g, x = expr(node.args[0]), expr(node.args[1])
            if g.full and g.shape != x.shape:  # a scalar g stays one (runtime.unbroadcast)
                raise Unsupported("unbroadcast to a scalar or a broadcast operand is a sum")
            return g
        if helper in ("reduce_adjoint", "mean_adjoint"):  # of a full reduction
            g, x = expr(node.args[0]), expr(node.args[1])
            if g.full or not x.full or x.type != "T":
                raise Unsupported(f"{helper} of an array")
            if helper == "mean_adjoint":  # g * (1.0 / n), as runtime.mean_adjoint
                one = dialect.const(1.0 / math.prod(x.shape), T)
                return Value(f"({g.code} * {one})", "T", x.shape)
            return Value(g.code, "T", x.shape)
        if not (
            isinstance(f, ast.Attribute)
            and isinstance(f.value, ast.Name)
            and f.value.id == "np"
            and f.attr in FUNCTIONS
        ):
            raise Unsupported(ast.unparse(f))
        args = [expr(a) for a in node.args]
        if len(args) != FUNCTIONS[f.attr]:
            raise Unsupported(f"np.{f.attr} with {len(args)} arguments")
        full = joint(*args)
        if f.attr == "where":
            c, a, b = args
            if a.type == "bool" or b.type == "bool":
                raise Unsupported("where of booleans")
            if a.type == b.type == "weak" and T != "float64":
                raise Unsupported("where of Python numbers is float64 in NumPy")
            return Value(dialect.where(dialect.logical(c), a.code, b.code), "T", full)
        if any(a.type == "bool" for a in args):
            raise Unsupported(f"np.{f.attr} of booleans")
        if all(a.type == "weak" for a in args) and T != "float64":
            raise Unsupported(f"np.{f.attr} of Python numbers is float64 in NumPy")
        if full and len(args) == 1 and dialect.delegated(f.attr, T):
            k = len(p.ufuncs)
            p.lines.append((f"t_{k}", args[0].code, True, "T"))
            p.lines.append((f"f_{k}", None, True, "T"))
            p.ufuncs[f"f_{k}"] = (f.attr, f"t_{k}")
            return Value(f"f_{k}", "T", args[0].shape)
        return Value(dialect.call(f.attr, [a.code for a in args], T), "T", full)

    for s in region.body:
        if isinstance(s, ast.AugAssign) and s.target.id in p.sums:
            # the adjoint of a broadcast operand, kept at the region's shape: another
            # ``+= unbroadcast(g, x)`` to its shape adds g (the sum after is linear)
            target, var = s.target.id, "v_" + s.target.id
            v = s.value
            f = v.func if isinstance(v, ast.Call) else None
            more = (
                _summed(v, expr)
                if isinstance(f, ast.Name) and region.helpers.get(f.id) == "unbroadcast"
                else None
            )
            if more is None or more[1] != p.sums[target] or not isinstance(s.op, ast.Add):
                raise Unsupported(f"{target} updated in place")
            p.lines.append((var, f"({var} + {more[0].code})", False, "T"))
            continue
        if isinstance(s, ast.AugAssign):
            target = s.target.id
            old = env.get(target)
            if old is None or old.code != "v_" + target:
                raise Unsupported(f"{target} updated in place")
            v = expr(s.value)
            if not old.full or v.type == "bool" or old.type == "bool" or joint(old, v) != old.shape:
                raise Unsupported(f"{target} updated in place")
            op = _BINOPS[type(s.op)]
            p.lines.append((old.code, f"({old.code} {op} {v.code})", False, "T"))
            env[target] = Value(old.code, "T", old.shape)
            continue
        target = s.targets[0].id
        v = s.value
        f = v.func if isinstance(v, ast.Call) else None
        helper = region.helpers.get(f.id) if isinstance(f, ast.Name) else None
        if helper in ("mul_or_repeat_adjoint", "add_or_concat_adjoint"):
            pair_adjoints(target, v, helper == "mul_or_repeat_adjoint")
            env.pop(target, None)
            continue
        if helper == "output_seed":
            value_name, param = v.args[0].id, v.args[1].id
            kind = {n: k for n, k, _ in p.inputs}.get(param)
            if value_name not in reduced or kind not in ("none", "scalar"):
                raise Unsupported("the seed is not a scalar")
            p.seed = (target, param, value_name)
            env[target] = Value("v_seed", "weak", ())
            continue
        if (
            isinstance(f, ast.Attribute)
            and f.attr in ("sum", "mean")
            and isinstance(f.value, ast.Name)
            and f.value.id == "np"
        ):
            a = expr(v.args[0])
            if a.shape != shape or a.type != "T":  # a broadcast operand's would count repeats
                raise Unsupported("reduction of a scalar, a broadcast operand or booleans")
            p.reductions.append((target, a.code, f.attr))
            reduced[target] = f.attr
            env.pop(target, None)
            continue
        p.sums.pop(target, None)
        summed = _summed(v, expr) if helper == "unbroadcast" else None
        val = expr(v) if summed is None else summed[0]
        if summed is not None:
            p.sums[target] = summed[1]
        var = "v_" + target
        if val.type == "weak" and val.full:
            raise Unsupported("a full value of Python numbers")
        ctype = "bool" if val.type == "bool" else "T"
        old = env.get(target)
        if old is not None and old.code == var:
            if (old.type == "bool") != (ctype == "bool"):
                raise Unsupported(f"{target} changes type")
            p.lines.append((var, val.code, False, ctype))
        else:
            p.lines.append((var, val.code, True, ctype))
        env[target] = Value(var, val.type, val.shape)
    for o in region.outputs:
        if p.seed is not None and o == p.seed[0]:
            continue
        if o in reduced:
            p.outputs.append((o, "reduction", None, T))
        else:
            v = env.get(o)
            if v is None or v.shape != shape:  # the kernel writes arrays of the region's shape
                raise Unsupported(f"output {o} is a scalar or of a broadcast operand's shape")
            p.outputs.append((o, "array", v.code, "bool" if v.type == "bool" else T))
    return p


# -- the wrapper bound as ``fused_kernel`` ----------------------------------------------------

_FALLBACK = object()
_kernels: dict = {}
stats = {"guard": 0}  # calls whose arguments did not fit a kernel (they ran the NumPy body)
_lock = threading.Lock()


def fused_kernel(
    backend: str, array_type, compile_plan, dialect: Dialect, min_size=0, broadcast=False
):
    """The ``fused_kernel`` decorator of a backend: ``compile_plan(region, plan, sig)``
    returns ``run(args, seed) -> {name: value}`` for the plan's array outputs and
    reductions, or ``None`` to have this call run the NumPy body (``seed``: the scalar
    ``output_seed`` gives, or ``None``). Arrays of fewer
    than ``min_size`` elements (the decorator's attribute, read per call) run the NumPy
    body: for them a kernel call costs more than the operations it saves. With
    ``broadcast`` (a backend whose kernels read :attr:`Plan.index`), arrays that broadcast
    as rows, columns or one element fit too (:func:`signature`), and the body runs when
    every array is under ``min_size`` (one may be a small row against a large region)."""

    def decorate(fn):
        try:
            region = read_region(fn)
        except (OSError, TypeError, SyntaxError):
            return fn  # no source to read: the NumPy body it is
        # the backend's own output_seed (the one the body calls), for the same checks
        cells = dict(zip(fn.__code__.co_freevars, fn.__closure__ or ()))
        output_seed = next(
            (
                cells[n].cell_contents
                for n, h in region.helpers.items()
                if h == "output_seed" and n in cells
            ),
            runtime.output_seed,
        )

        def general(args):
            """The call of a region whose first array has ``min_size`` elements or more."""
            sig = signature(args, region.params, array_type, broadcast)
            if sig is None:
                stats["guard"] += 1
                return fn(*args)
            key = (backend, region.source, sig)
            kernel = _kernels.get(key)
            if kernel is None:
                try:
                    p = plan(region, sig, dialect)
                    kernel = (compile_plan(region, p, sig), p)
                except Unsupported:
                    kernel = _FALLBACK
                with _lock:
                    _kernels[key] = kernel
            if kernel is _FALLBACK:
                return fn(*args)
            runner, p = kernel
            try:
                values = runner(args, seed_value(args, region, p))
            except Unsupported:  # the compiler refused it on first use
                with _lock:
                    _kernels[key] = _FALLBACK
                return fn(*args)
            if values is None:  # the kernel's own run-time guard: the NumPy body, this call
                stats["guard"] += 1
                return fn(*args)
            if p.seed is not None:  # the checks the body's output_seed makes, and its value
                target, param, reduced = p.seed
                values[target] = output_seed(values[reduced], args[region.params.index(param)])
            for o, shape in p.sums.items():  # adjoints of broadcast operands: their sums
                if o in values:
                    values[o] = sum_to(values[o], shape)
            out = tuple(values[o] for o in region.outputs)
            return out[0] if len(out) == 1 else out

        ns = {"A": array_type, "D": decorate, "fn": fn, "general": general}
        entry = _entry_source(len(region.params), broadcast)
        exec(compile(entry, "<s2sgrad region>", "exec"), ns)  # noqa: S102
        run = functools.wraps(fn)(ns["run"])
        run.fused_region = region
        return run

    decorate.elementwise = elementwise
    decorate.min_size = min_size
    decorate.array_type = array_type  # s2sgrad.plain: NumPy's runs small calls unfused
    decorate.broadcast = broadcast
    return decorate


def _entry_source(n: int, broadcast: bool = False) -> str:
    """The source of a region's entry for ``n`` parameters: its first array decides; under
    ``D.min_size`` elements, or with no array at all, the NumPy body ``fn`` runs (its
    parameters are spelled out: a call with ``*args`` and a loop cost more than the
    body of a small region). With ``broadcast``, every array under ``D.min_size``."""
    ps = ", ".join(f"p{i}" for i in range(n))
    if not n:
        return "def run():\n    return fn()\n"
    if broadcast:
        lines = [f"def run({ps}):", "    m = D.min_size"]
        big = " or ".join(f"type(p{i}) is A and p{i}.size >= m" for i in range(n))
        lines += [f"    if {big}:", f"        return general(({ps}{',' if n == 1 else ''}))"]
        lines.append(f"    return fn({ps})  # every array small, or numbers only: the body")
        return "\n".join(lines) + "\n"
    lines = [f"def run({ps}):"]
    for i in range(n):
        lines += [
            f"    {'if' if i == 0 else 'elif'} type(p{i}) is A:",
            f"        if p{i}.size < D.min_size:",
            f"            return fn({ps})",
        ]
    lines += [
        "    else:",
        f"        return fn({ps})  # numbers only: the body it is",
        f"    return general(({ps}{',' if n == 1 else ''}))",
    ]
    return "\n".join(lines) + "\n"


def seed_value(args, region, p):
    """The scalar the adjoint sweep starts from (``output_seed``'s default is 1.0)."""
    if p.seed is None:
        return None
    given = args[region.params.index(p.seed[1])]
    return 1.0 if given is None else given


def fallback_count() -> int:
    """How many (region, signature) pairs run their NumPy body (for tests)."""
    return sum(1 for k in _kernels.values() if k is _FALLBACK)
