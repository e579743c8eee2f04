"""Is the output of a straight-line function a real scalar, whatever the values?

    prove_scalar(fn, {"w": ("array", float64), "X": ...})  ->  ScalarOutput or None

``grad`` returns only the gradient; it computes the loss value to start the adjoint
sweep with ``output_seed``, which checks that the value is a real scalar and makes the
seed of its type (``np.float64(1.0)`` for a NumPy float64). When that type follows from
the arguments' types and dtypes alone, the seed is known before the value is computed,
and the statements that only compute the value can be dropped (:attr:`droppable`).

The proof is a forward pass over the normal form with one type per name: ``"int"``,
``"float"`` and ``"real"`` (Python numbers; ``"real"``: a free name that holds an int or a
float), ``("scalar", dtype)`` (a NumPy scalar), ``("array", dtype)`` (a
NumPy array, or a NumPy scalar: its number of dimensions is not tracked) and
``("shape",)`` (an array's ``.shape``), for float dtypes only; result dtypes are NumPy's
own (``ufunc.resolve_dtypes``, Python numbers weak as in NumPy 2). Anything else,
control flow included, proves nothing, and the value is computed and checked as before.
A statement is droppable when it cannot raise for operands of its types: elementwise
operations with a scalar operand or one operand twice (no broadcasting error), unary
ufuncs, full reductions; never ``/`` of two Python numbers (ZeroDivisionError), an
indexing, a product of two arrays. Dropped statements give no floating-point warnings.
"""

from __future__ import annotations

from dataclasses import dataclass

import gast
import numpy as np

from .. import anno
from ..optimize import PASSES
from ..parsing import NUMBER

_NEP50 = int(np.__version__.split(".")[0]) >= 2  # promotion independent of values
_OPS = {
    gast.Add: np.add,
    gast.Sub: np.subtract,
    gast.Mult: np.multiply,
    gast.Div: np.true_divide,
    gast.Pow: np.power,
    gast.MatMult: np.matmul,
}
_REDUCTIONS = (np.sum, np.mean)
_PYTHON = ("int", "float", "real", "size")


@dataclass(frozen=True)
class ScalarOutput:
    """The proof: ``dtype`` of the NumPy scalar output (``None``: a Python int or float,
    whose seed is ``1.0``), the names whose statements may be dropped, and ``real``:
    every argument and value has a type here (a real float dtype or a Python number)."""

    dtype: np.dtype | None
    droppable: frozenset
    real: bool = False
    ndims: tuple = ()  # (parameter, ndim) of the array arguments (reverse.products)
    full: frozenset = frozenset()  # array arguments with no axis of length 1 (unbroadcasts)
    types: tuple = ()  # (name, type) of the arguments and values (reverse.buffers)


def argument_type(value):
    """The type :func:`prove_scalar` starts from for an argument ``value`` (``None``:
    one the proof knows nothing about)."""
    t = type(value)
    if t is float:
        return "float"
    if t is int:
        return "int"
    if t is np.ndarray and value.dtype.kind == "f":
        # ndim and "no axis of length 1": for reverse.products and reverse.unbroadcasts only
        return ("array", value.dtype, value.ndim, 1 not in value.shape)
    if isinstance(value, np.floating):
        return ("scalar", value.dtype)
    return None


def prove_scalar(fn, types: dict, module=np) -> ScalarOutput | None:
    """The :class:`ScalarOutput` of the normal-form function ``fn`` for arguments of
    ``types`` (name -> :func:`argument_type`), or ``None`` where it is not proven; the
    backend's calls go to ``module``, which must be NumPy, whose types the proof follows."""
    if not _NEP50 or module is not np or "value_free" not in PASSES:
        return None
    env = {p: types.get(p) for p in fn.params}
    safe: dict[str, bool] = {}
    for s in fn.body:
        if not (
            isinstance(s, gast.Assign)
            and len(s.targets) == 1
            and isinstance(s.targets[0], gast.Name)
        ):
            return None  # control flow, item writes, calls for effect: not followed
        target = s.targets[0].id
        typ, ok = _type_of(s.value, env, fn.info)
        ok = ok and not anno.has(s, "inplace")  # y += v changes an argument in place
        env[target] = typ
        safe[target] = safe.get(target, True) and ok and typ is not None
    out = env.get(fn.result)
    if out in _PYTHON:
        dtype = None
    elif isinstance(out, tuple) and out[0] == "scalar":
        dtype = out[1]
    else:
        return None
    real = all(t is not None for t in env.values())
    arrays = {p: t for p, t in types.items() if isinstance(t, tuple) and t[0] == "array"}
    ndims = tuple((p, t[2]) for p, t in arrays.items() if len(t) > 2)
    full = frozenset(p for p, t in arrays.items() if len(t) > 3 and t[3])
    droppable = frozenset(n for n, ok in safe.items() if ok)
    return ScalarOutput(dtype, droppable, real, ndims, full, tuple(env.items()))


def type_of(node, env, info):
    """``(type, cannot_raise)`` of the value ``node``, for names of types ``env``."""
    return _type_of(node, env, info)


def _type_of(node, env, info):
    """``(type, cannot_raise)`` of the value ``node``."""
    if isinstance(node, gast.Constant):
        v = node.value
        return {int: "int", float: "float"}.get(type(v)), True
    if isinstance(node, gast.Name):
        if node.id in env:
            return env[node.id], True
        return ("real" if info.resolved.get(node.id) is NUMBER else None), True
    if isinstance(node, gast.UnaryOp) and isinstance(node.op, (gast.USub, gast.UAdd)):
        return _type_of(node.operand, env, info)
    if isinstance(node, gast.BinOp) and type(node.op) in _OPS:
        return _binary(node, env, info)
    if isinstance(node, gast.Attribute) and node.attr == "shape":
        base, _ = _type_of(node.value, env, info)
        return (("shape",) if _numeric(base) and base not in _PYTHON else None), True
    if (
        isinstance(node, gast.Subscript)
        and isinstance(node.slice, gast.Constant)
        and type(node.slice.value) is int
    ):
        base, _ = _type_of(node.value, env, info)
        return ("size" if base == ("shape",) else None), False  # IndexError
    if isinstance(node, gast.Call):
        return _call(node, env, info)
    return None, False


def _numeric(t) -> bool:
    return t in _PYTHON or (isinstance(t, tuple) and t[0] in ("scalar", "array"))


def _binary(node, env, info):
    a, _ = _type_of(node.left, env, info)
    b, _ = _type_of(node.right, env, info)
    if not (_numeric(a) and _numeric(b)):
        return None, False
    op = type(node.op)
    if a in _PYTHON and b in _PYTHON:
        return _python(node, op, a, b)
    if op is gast.MatMult:
        kind, safe = "array", False  # shapes may not match; a scalar operand raises
    else:
        kinds = (_kind(a), _kind(b))
        kind = "array" if "array" in kinds else "scalar"
        # broadcasting cannot fail with a scalar operand or one array twice
        safe = kinds != ("array", "array") or _same_name(node)
    # a Python int too large for a float raises OverflowError
    safe = safe and _small(node.left, a) and _small(node.right, b)
    try:
        dtype = _OPS[op].resolve_dtypes((_dtype(a), _dtype(b), None))[-1]
    except (TypeError, ValueError):  # no loop for these dtypes (NumPy raises)
        return None, False
    return ((kind, dtype) if dtype.kind == "f" else None), safe


def _python(node, op, a, b):
    """Python arithmetic on ints and floats: ``/`` by zero raises, ``**`` may be complex,
    an int too large for a float raises OverflowError next to a float."""
    if op not in (gast.Add, gast.Sub, gast.Mult, gast.Div):
        return None, False
    sides = ((node.left, a), (node.right, b))
    large = [t in ("int", "real") and not _small(n, t) for n, t in sides]
    floats = [t in ("float", "real") for _, t in sides]
    safe = op is not gast.Div and not (large[0] and floats[1]) and not (large[1] and floats[0])
    ints = {"size": "int"}
    a, b = ints.get(a, a), ints.get(b, b)
    if op is gast.Div or "float" in (a, b):
        return "float", safe
    return (a if a == b else "real"), safe


def _small(node, t) -> bool:
    """Is a Python number of type ``t`` below 2**53 in magnitude (exact as a float)?"""
    if t == "size":
        return True  # an array's length: below 2**63, and a float holds it
    if t not in ("int", "real"):
        return True
    return isinstance(node, gast.Constant) and abs(node.value) < 2**53


def _same_name(node) -> bool:
    sides = (node.left, node.right)  # generated code nests: (3.0 * c) * c
    return all(isinstance(n, gast.Name) for n in sides) and node.left.id == node.right.id


def _kind(t):
    return "python" if t in _PYTHON else t[0]


def _dtype(t):
    return float if t in _PYTHON else t[1]  # a weak Python number: int or float alike


def _call(node, env, info):
    fn = anno.get(node, "fn", None)
    if node.keywords or len(node.args) != 1 or isinstance(node.args[0], gast.Starred):
        return None, False
    arg, _ = _type_of(node.args[0], env, info)
    if not _numeric(arg) or arg in _PYTHON:
        return None, False  # np.exp(2.0) is a NumPy scalar: not followed
    if any(fn is r for r in _REDUCTIONS):
        return ("scalar", arg[1]), True  # float dtypes keep their dtype
    if isinstance(fn, np.ufunc) and fn.nin == 1 and fn.nout == 1:
        try:
            dtype = fn.resolve_dtypes((arg[1], None))[-1]
        except (TypeError, ValueError):
            return None, False
        return ((arg[0], dtype) if dtype.kind == "f" else None), True
    return None, False
