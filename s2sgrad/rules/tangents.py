"""Forward-mode (tangent) rules, one small template per primitive.

``t[x]`` is the tangent of ``x``; the first parameter names the primitive's
result, which a rule may read (the primal statement runs first)::

    @tangent("numpy.tanh")
    def tanh(y, x):
        t[y] = t[x] * (1.0 - y * y)

A tangent that is zero (an inactive argument) drops the terms it appears in,
so ``t[y] = t[x1] * x2 + x1 * t[x2]`` becomes ``y_dot = x1_dot * x2`` when
only ``x1`` is differentiated.

Besides NumPy, Python and ``math``, this module gives tangent rules to the
runtime helpers that generated *reverse* code calls (``unbroadcast``,
``matmul_left``, ...), so that generated gradients can be differentiated
again (forward over reverse), and to the helpers generated *forward* code
calls (``broadcast_tangent``, ...), for forward over forward.
"""

# ruff: noqa: F811
from __future__ import annotations

import math

import numpy as np

from .. import runtime
from ..runtime import (
    add,
    builtin_sum_adjoint,
    clip_adjoint,
    concatenate_adjoint,
    cumprod_adjoint,
    cumsum_adjoint,
    densify,
    det_adjoint,
    diag_adjoint,
    dot_left,
    dot_right,
    einsum_adjoint,
    fresh_adjoint,
    hstack_adjoint,
    inner_adjoint,
    matmul_left,
    matmul_right,
    norm_adjoint,
    outer_left,
    outer_right,
    part,
    pop_adjoint,
    reduce_adjoint,
    repeat_adjoint,
    safe_log,
    select_adjoint,
    snapshot,
    solve_adjoint,
    sort_adjoint,
    stack_adjoint,
    take_adjoint,
    tensordot_adjoint,
    tile_adjoint,
    trace_adjoint,
    transpose_adjoint,
    unbroadcast,
    unstack,
    var_adjoint,
    vstack_adjoint,
    zeros_like,
)
from . import NONDIFFERENTIABLE, _primitive, t, tangent

# -- helpers that generated forward code calls -------------------------------------------------


def broadcast_tangent(value, like):
    """Tangent ``value`` broadcast to the shape of its primal ``like`` (a writable array)."""
    shape = np.shape(like)
    if np.shape(value) == shape:
        return value
    return np.zeros(shape, dtype=np.result_type(value, 1.0)) + value


def add_at_value(g, index, value):
    """``add_at(g, index, value)``, returning ``g``: the in-place update as an assignment."""
    runtime.add_at(g, index, value)
    return g


def sort_tangent(tx, x, axis):
    """Tangent of ``np.sort(x, axis)``: ``tx`` permuted like ``x``."""
    if axis is None:
        order = np.argsort(np.ravel(x), kind="stable")
        return np.ravel(tx)[order]
    order = np.argsort(x, axis=axis, kind="stable")
    return np.take_along_axis(tx, order, axis=axis)


def norm_tangent(tx, y, x, ord, axis, keepdims):
    """Tangent of ``y = np.linalg.norm(x, ord, axis, keepdims)`` (2-norm, Frobenius)."""
    if ord not in (None, 2, "fro") or (ord == 2 and (axis is None and np.ndim(x) == 2
                                                    or isinstance(axis, tuple))):
        raise NotImplementedError(f"s2sgrad: the derivative of np.linalg.norm with ord={ord!r}"
                                  " is not implemented; write the norm out with np.sum")
    return np.sum(x * tx, axis=axis, keepdims=keepdims) / y


def einsum_tangent(subscripts, operands, tangents):
    """Tangent of ``np.einsum(subscripts, *operands)``: one term per operand."""
    out = 0.0
    for i, ti in enumerate(tangents):
        if runtime._is_zero(ti):
            continue
        ops = list(operands)
        ops[i] = ti
        out = out + np.einsum(subscripts, *ops)
    if runtime._is_zero(out):
        return np.zeros_like(np.einsum(subscripts, *operands))
    return out


def einsum_cross(subscripts, operands, tangents, dops):
    """Derivative of ``einsum_tangent`` in ``operands`` along ``dops``."""
    out = 0.0
    for i, ti in enumerate(tangents):
        for j, dj in enumerate(dops):
            if i == j or runtime._is_zero(ti) or runtime._is_zero(dj):
                continue
            ops = list(operands)
            ops[i], ops[j] = ti, dj
            out = out + np.einsum(subscripts, *ops)
    if runtime._is_zero(out):
        return np.zeros_like(np.einsum(subscripts, *operands))
    return out


def einsum_adjoint_tangent(g, subscripts, operands, tangents):
    """Derivative of ``einsum_adjoint(g, subscripts, operands)`` in the operands."""
    out = [zeros_like(x) for x in operands]
    for j, tj in enumerate(tangents):
        if runtime._is_zero(tj):
            continue
        ops = list(operands)
        ops[j] = tj
        parts = einsum_adjoint(g, subscripts, ops)
        for i in range(len(operands)):
            if i != j:
                out[i] = out[i] + parts[i]
    return out


FORWARD_HELPERS = {f.__name__: f for f in (
    broadcast_tangent, add_at_value, sort_tangent, norm_tangent, einsum_tangent, einsum_cross,
    einsum_adjoint_tangent)}

# Runtime helpers are primitives named by their bare name in generated code.
for _name, _fn in list(vars(runtime).items()):
    if callable(_fn) and getattr(_fn, "__module__", None) == runtime.__name__ and \
            not _name.startswith("_"):
        _primitive(_fn, _name).path = _name
for _name, _fn in FORWARD_HELPERS.items():
    _primitive(_fn, _name).path = _name
# zero derivative: the seed of the adjoint sweep, and fresh zero adjoints
for _fn in (runtime.zeros_like, runtime.match_input, runtime.shape_of, runtime.Shape):
    NONDIFFERENTIABLE[id(_fn)] = _fn.__name__

# -- elementwise, one argument ---------------------------------------------------------------


@tangent("numpy.sin")
def sin(y, x):
    t[y] = t[x] * np.cos(x)


@tangent("numpy.cos")
def cos(y, x):
    t[y] = -(t[x] * np.sin(x))


@tangent("numpy.tan")
def tan(y, x):
    t[y] = t[x] * (1.0 + y * y)


@tangent("numpy.arcsin")
def arcsin(y, x):
    t[y] = t[x] / np.sqrt(1.0 - x * x)


@tangent("numpy.arccos")
def arccos(y, x):
    t[y] = -(t[x] / np.sqrt(1.0 - x * x))


@tangent("numpy.arctan")
def arctan(y, x):
    t[y] = t[x] / (1.0 + x * x)


@tangent("numpy.sinh")
def sinh(y, x):
    t[y] = t[x] * np.cosh(x)


@tangent("numpy.cosh")
def cosh(y, x):
    t[y] = t[x] * np.sinh(x)


@tangent("numpy.tanh")
def tanh(y, x):
    t[y] = t[x] * (1.0 - y * y)


@tangent("numpy.arcsinh")
def arcsinh(y, x):
    t[y] = t[x] / np.sqrt(x * x + 1.0)


@tangent("numpy.arccosh")
def arccosh(y, x):
    t[y] = t[x] / np.sqrt(x * x - 1.0)


@tangent("numpy.arctanh")
def arctanh(y, x):
    t[y] = t[x] / (1.0 - x * x)


@tangent("numpy.exp")
def exp(y, x):
    t[y] = t[x] * y


@tangent("numpy.exp2")
def exp2(y, x):
    t[y] = t[x] * y * np.log(2.0)


@tangent("numpy.expm1")
def expm1(y, x):
    t[y] = t[x] * (y + 1.0)


@tangent("numpy.log")
def log(y, x):
    t[y] = t[x] / x


@tangent("numpy.log2")
def log2(y, x):
    t[y] = t[x] / (x * np.log(2.0))


@tangent("numpy.log10")
def log10(y, x):
    t[y] = t[x] / (x * np.log(10.0))


@tangent("numpy.log1p")
def log1p(y, x):
    t[y] = t[x] / (1.0 + x)


@tangent("numpy.sqrt")
def sqrt(y, x):
    t[y] = t[x] / (2.0 * y)


@tangent("numpy.cbrt")
def cbrt(y, x):
    t[y] = t[x] / (3.0 * y * y)


@tangent("numpy.square")
def square(y, x):
    t[y] = t[x] * (2.0 * x)


@tangent("numpy.reciprocal")
def reciprocal(y, x):
    t[y] = -(t[x] * y * y)


@tangent("numpy.abs", "numpy.absolute", "numpy.fabs", "builtins.abs")
def absolute(y, x):
    t[y] = t[x] * np.sign(x)


@tangent("numpy.negative", "operator.neg")
def negative(y, x):
    t[y] = -t[x]


@tangent("numpy.positive", "numpy.real", "operator.pos")
def positive(y, x):
    t[y] = t[x]


@tangent("numpy.deg2rad", "numpy.radians")
def deg2rad(y, x):
    t[y] = t[x] * (np.pi / 180.0)


@tangent("numpy.rad2deg", "numpy.degrees")
def rad2deg(y, x):
    t[y] = t[x] * (180.0 / np.pi)


@tangent("numpy.sinc")
def sinc(y, x):
    t[y] = t[x] * np.where(x == 0.0, 0.0, (np.cos(np.pi * x) - y) / np.where(x == 0.0, 1.0, x))


# -- elementwise, two arguments (the generator broadcasts the tangent to the result) -----------


@tangent("numpy.add", "operator.add")
def add_(y, x1, x2):
    t[y] = t[x1] + t[x2]


@tangent("numpy.subtract", "operator.sub")
def subtract(y, x1, x2):
    t[y] = t[x1] - t[x2]


@tangent("numpy.multiply", "operator.mul")
def multiply(y, x1, x2):
    t[y] = t[x1] * x2 + x1 * t[x2]


@tangent("numpy.divide", "numpy.true_divide", "operator.truediv")
def divide(y, x1, x2):
    t[y] = (t[x1] - y * t[x2]) / x2


@tangent("numpy.power", "numpy.float_power", "operator.pow", "builtins.pow")
def power(y, x1, x2):
    t[y] = t[x1] * x2 * x1 ** (x2 - 1) + t[x2] * y * safe_log(x1)


@tangent("numpy.maximum", "numpy.fmax")
def maximum(y, x1, x2):
    t[y] = t[x1] * (x1 >= x2) + t[x2] * (x1 < x2)


@tangent("numpy.minimum", "numpy.fmin")
def minimum(y, x1, x2):
    t[y] = t[x1] * (x1 <= x2) + t[x2] * (x1 > x2)


@tangent("numpy.arctan2")
def arctan2(y, x1, x2):
    t[y] = (t[x1] * x2 - x1 * t[x2]) / (x1 * x1 + x2 * x2)


@tangent("numpy.hypot")
def hypot(y, x1, x2):
    t[y] = (x1 * t[x1] + x2 * t[x2]) / y


@tangent("numpy.logaddexp")
def logaddexp(y, x1, x2):
    t[y] = t[x1] * np.exp(x1 - y) + t[x2] * np.exp(x2 - y)


@tangent("numpy.logaddexp2")
def logaddexp2(y, x1, x2):
    t[y] = t[x1] * np.exp2(x1 - y) + t[x2] * np.exp2(x2 - y)


@tangent("numpy.mod", "numpy.remainder")
def mod(y, x1, x2):
    t[y] = t[x1] - t[x2] * np.floor_divide(x1, x2)


@tangent("operator.mod")
def operator_mod(z, x, y):
    t[z] = t[x] - t[y] * ((x - z) / y)


@tangent("numpy.where")
def where(y, condition, x, x2):
    t[y] = np.where(condition, t[x], t[x2])


@tangent("numpy.clip")
def clip(y, a, a_min=None, a_max=None):
    t[y] = clip_adjoint(t[a], a, a_min, a_max) + t[a_min] * (a < a_min) + t[a_max] * (a > a_max)


# -- reductions ----------------------------------------------------------------------------------


@tangent("numpy.sum")
def sum_(y, a, axis=None, dtype=None, out=None, keepdims=False):
    t[y] = np.sum(t[a], axis=axis, keepdims=keepdims)


@tangent("numpy.mean")
def mean(y, a, axis=None, dtype=None, out=None, keepdims=False):
    t[y] = np.mean(t[a], axis=axis, keepdims=keepdims)


@tangent("numpy.prod")
def prod(y, a, axis=None, dtype=None, out=None, keepdims=False):
    t[y] = np.sum(reduce_adjoint(y, a, axis, keepdims) * t[a] / a, axis=axis, keepdims=keepdims)


@tangent("numpy.max", "numpy.amax", "numpy.min", "numpy.amin")
def max_(y, a, axis=None, out=None, keepdims=False):
    t[y] = np.sum(select_adjoint(np.ones_like(y), y, a, axis, keepdims) * t[a], axis=axis,
                  keepdims=keepdims)


@tangent("numpy.var")
def var(y, a, axis=None, dtype=None, out=None, ddof=0, keepdims=False):
    t[y] = np.sum(var_adjoint(np.ones_like(y), a, axis, ddof, keepdims) * t[a], axis=axis,
                  keepdims=keepdims)


@tangent("numpy.std")
def std(y, a, axis=None, dtype=None, out=None, ddof=0, keepdims=False):
    t[y] = np.sum(var_adjoint(np.ones_like(y), a, axis, ddof, keepdims) * t[a], axis=axis,
                  keepdims=keepdims) / (2.0 * y)


@tangent("numpy.cumsum")
def cumsum(y, a, axis=None, dtype=None, out=None):
    t[y] = np.cumsum(t[a], axis=axis)


@tangent("numpy.cumprod")
def cumprod(y, a, axis=None, dtype=None, out=None):
    t[y] = y * np.cumsum(t[a] / a, axis=axis)


@tangent("numpy.trace")
def trace(y, a, offset=0, axis1=0, axis2=1, dtype=None, out=None):
    t[y] = np.trace(t[a], offset, axis1, axis2)


# -- products --------------------------------------------------------------------------------------


@tangent("numpy.matmul", "operator.matmul")
def matmul(y, x1, x2):
    t[y] = t[x1] @ x2 + x1 @ t[x2]


@tangent("numpy.dot")
def dot(y, a, b):
    t[y] = np.dot(t[a], b) + np.dot(a, t[b])


@tangent("numpy.outer")
def outer(y, a, b):
    t[y] = np.outer(t[a], b) + np.outer(a, t[b])


@tangent("numpy.inner")
def inner(y, a, b):
    t[y] = np.inner(t[a], b) + np.inner(a, t[b])


@tangent("numpy.tensordot")
def tensordot(y, a, b, axes=2):
    t[y] = np.tensordot(t[a], b, axes) + np.tensordot(a, t[b], axes)


@tangent("numpy.einsum")
def einsum(y, subscripts, *operands):
    t[y] = einsum_tangent(subscripts, operands, t[operands])


# -- shape ---------------------------------------------------------------------------------------


@tangent("numpy.reshape")
def reshape(y, a, shape=None, order="C"):
    t[y] = np.reshape(t[a], np.shape(y), order=order)


@tangent("numpy.ravel", "numpy.squeeze", "numpy.expand_dims", "numpy.atleast_1d",
         "numpy.atleast_2d", "numpy.atleast_3d")
def ravel(y, a, axis=None):
    t[y] = np.reshape(t[a], np.shape(y))


@tangent("numpy.transpose")
def transpose(y, a, axes=None):
    t[y] = np.transpose(t[a], axes)


@tangent("numpy.swapaxes")
def swapaxes(y, a, axis1, axis2):
    t[y] = np.swapaxes(t[a], axis1, axis2)


@tangent("numpy.moveaxis")
def moveaxis(y, a, source, destination):
    t[y] = np.moveaxis(t[a], source, destination)


@tangent("numpy.broadcast_to")
def broadcast_to(y, array, shape):
    t[y] = broadcast_tangent(t[array], y)


@tangent("numpy.concatenate")
def concatenate(y, arrays, axis=0):
    t[y] = np.concatenate(t[arrays], axis)


@tangent("numpy.stack")
def stack(y, arrays, axis=0):
    t[y] = np.stack(t[arrays], axis)


@tangent("numpy.hstack")
def hstack(y, tup):
    t[y] = np.hstack(t[tup])


@tangent("numpy.vstack")
def vstack(y, tup):
    t[y] = np.vstack(t[tup])


@tangent("numpy.tile")
def tile(y, A, reps):
    t[y] = np.tile(t[A], reps)


@tangent("numpy.repeat")
def repeat(y, a, repeats, axis=None):
    t[y] = np.repeat(t[a], repeats, axis)


@tangent("numpy.flip")
def flip(y, m, axis=None):
    t[y] = np.flip(t[m], axis)


@tangent("numpy.fliplr")
def fliplr(y, m):
    t[y] = np.fliplr(t[m])


@tangent("numpy.flipud")
def flipud(y, m):
    t[y] = np.flipud(t[m])


@tangent("numpy.roll")
def roll(y, a, shift, axis=None):
    t[y] = np.roll(t[a], shift, axis)


@tangent("numpy.diag")
def diag(y, v, k=0):
    t[y] = np.diag(t[v], k)


@tangent("numpy.diagonal")
def diagonal(y, a, offset=0, axis1=0, axis2=1):
    t[y] = np.diagonal(t[a], offset, axis1, axis2)


@tangent("numpy.triu")
def triu(y, m, k=0):
    t[y] = np.triu(t[m], k)


@tangent("numpy.tril")
def tril(y, m, k=0):
    t[y] = np.tril(t[m], k)


@tangent("numpy.sort")
def sort(y, a, axis=-1, kind=None, order=None):
    t[y] = sort_tangent(t[a], a, axis)


@tangent("numpy.take")
def take(y, a, indices, axis=None, out=None, mode="raise"):
    t[y] = np.take(t[a], indices, axis)


@tangent("numpy.copy")
def copy(y, a):
    t[y] = np.copy(t[a])


@tangent("numpy.asarray", "numpy.ascontiguousarray")
def asarray(y, a):
    t[y] = np.asarray(t[a])


@tangent("numpy.float64")
def float64(y, a):
    t[y] = np.float64(t[a])


@tangent("builtins.float")
def builtin_float(y, a):
    t[y] = float(t[a])


@tangent("numpy.array")
def array(y, object, dtype=None):
    t[y] = np.array(t[object])


@tangent("numpy.full_like")
def full_like(y, a, fill_value, dtype=None):
    t[y] = broadcast_tangent(t[fill_value], y)


@tangent("numpy.full")
def full(y, shape, fill_value, dtype=None):
    t[y] = broadcast_tangent(t[fill_value], y)


# -- linear algebra ----------------------------------------------------------------------------


@tangent("numpy.linalg.norm")
def norm(y, x, ord=None, axis=None, keepdims=False):
    t[y] = norm_tangent(t[x], y, x, ord, axis, keepdims)


@tangent("numpy.linalg.inv")
def inv(y, a):
    t[y] = -(y @ t[a] @ y)


@tangent("numpy.linalg.det")
def det(y, a):
    t[y] = y * np.trace(np.linalg.solve(a, t[a]), axis1=-2, axis2=-1)


@tangent("numpy.linalg.solve")
def solve(y, a, b):
    t[y] = np.linalg.solve(a, t[b] - t[a] @ y)


# -- Python builtins and math ------------------------------------------------------------------


@tangent("builtins.sum")
def builtin_sum(z, iterable, start=0):
    t[z] = sum(t[iterable], t[start])


@tangent("builtins.max", "builtins.min")
def builtin_max(z, a, b):
    t[z] = t[a] * (z is a) + t[b] * (z is not a)


@tangent("builtins.list", "builtins.tuple")
def builtin_list(z, iterable):
    t[z] = list(t[iterable])


@tangent("math.sin")
def math_sin(y, x):
    t[y] = t[x] * math.cos(x)


@tangent("math.cos")
def math_cos(y, x):
    t[y] = -(t[x] * math.sin(x))


@tangent("math.tan")
def math_tan(y, x):
    t[y] = t[x] * (1.0 + y * y)


@tangent("math.tanh")
def math_tanh(y, x):
    t[y] = t[x] * (1.0 - y * y)


@tangent("math.exp")
def math_exp(y, x):
    t[y] = t[x] * y


@tangent("math.expm1")
def math_expm1(y, x):
    t[y] = t[x] * (y + 1.0)


@tangent("math.log")
def math_log(y, x):
    t[y] = t[x] / x


@tangent("math.log1p")
def math_log1p(y, x):
    t[y] = t[x] / (1.0 + x)


@tangent("math.sqrt")
def math_sqrt(y, x):
    t[y] = t[x] / (2.0 * y)


@tangent("math.atan")
def math_atan(y, x):
    t[y] = t[x] / (1.0 + x * x)


@tangent("math.sinh")
def math_sinh(y, x):
    t[y] = t[x] * math.cosh(x)


@tangent("math.cosh")
def math_cosh(y, x):
    t[y] = t[x] * math.sinh(x)


@tangent("math.pow")
def math_pow(z, x, y):
    t[z] = t[x] * y * x ** (y - 1) + t[y] * z * safe_log(x)


@tangent("math.hypot")
def math_hypot(z, x, y):
    t[z] = (x * t[x] + y * t[y]) / z


# -- runtime helpers of generated reverse code (forward over reverse) ----------------------------


@tangent(add)
def add_t(y, a, b):
    t[y] = add(t[a], t[b])


@tangent(fresh_adjoint)
def fresh_adjoint_t(y, g, x):
    t[y] = fresh_adjoint(t[g], x)


@tangent(densify)
def densify_t(y, g, x):
    t[y] = densify(t[g], x)


@tangent(snapshot)
def snapshot_t(y, value):
    t[y] = snapshot(t[value])


@tangent(part)
def part_t(y, g, i):
    t[y] = part(t[g], i)


@tangent(pop_adjoint)
def pop_adjoint_t(y, g):
    t[y] = pop_adjoint(t[g])


@tangent(add_at_value)
def add_at_value_t(y, g, index, value):
    t[y] = add_at_value(t[g], index, t[value])


@tangent(runtime.output_seed)
def output_seed_t(y, value, seed=None):
    # the seed passed in by a caller (a cotangent) carries the caller's tangent
    t[y] = t[seed]


@tangent(unbroadcast)
def unbroadcast_t(y, g, x):
    t[y] = unbroadcast(t[g], x)


@tangent(reduce_adjoint)
def reduce_adjoint_t(y, g, x, axis, keepdims):
    t[y] = reduce_adjoint(t[g], x, axis, keepdims)


@tangent(select_adjoint)
def select_adjoint_t(r, g, y, x, axis, keepdims):
    t[r] = select_adjoint(t[g], y, x, axis, keepdims)


@tangent(var_adjoint)
def var_adjoint_t(y, g, x, axis, ddof, keepdims):
    t[y] = var_adjoint(t[g], x, axis, ddof, keepdims) + var_adjoint(g, t[x], axis, ddof, keepdims)


@tangent(cumsum_adjoint)
def cumsum_adjoint_t(y, g, x, axis):
    t[y] = cumsum_adjoint(t[g], x, axis)


@tangent(cumprod_adjoint)
def cumprod_adjoint_t(r, g, y, x, axis):
    t[r] = cumprod_adjoint(t[g], y, x, axis) + cumprod_adjoint(g, t[y], x, axis) - r * t[x] / x


@tangent(clip_adjoint)
def clip_adjoint_t(y, g, x, lo, hi):
    t[y] = clip_adjoint(t[g], x, lo, hi)


@tangent(safe_log)
def safe_log_t(y, x):
    t[y] = np.where(np.greater(x, 0), t[x] / np.where(np.greater(x, 0), x, 1.0), 0.0)


@tangent(matmul_left)
def matmul_left_t(y, g, a, b):
    t[y] = matmul_left(t[g], a, b) + matmul_left(g, a, t[b])


@tangent(matmul_right)
def matmul_right_t(y, g, a, b):
    t[y] = matmul_right(t[g], a, b) + matmul_right(g, t[a], b)


@tangent(dot_left)
def dot_left_t(y, g, a, b):
    t[y] = dot_left(t[g], a, b) + dot_left(g, a, t[b])


@tangent(dot_right)
def dot_right_t(y, g, a, b):
    t[y] = dot_right(t[g], a, b) + dot_right(g, t[a], b)


@tangent(outer_left)
def outer_left_t(y, g, a, b):
    t[y] = outer_left(t[g], a, b) + outer_left(g, a, t[b])


@tangent(outer_right)
def outer_right_t(y, g, a, b):
    t[y] = outer_right(t[g], a, b) + outer_right(g, t[a], b)


@tangent(inner_adjoint)
def inner_adjoint_t(y, g, a, b, which):
    t[y] = inner_adjoint(t[g], a, b, which) + inner_adjoint(g, t[a], t[b], which)


@tangent(tensordot_adjoint)
def tensordot_adjoint_t(y, g, a, b, axes, which):
    t[y] = tensordot_adjoint(t[g], a, b, axes, which) + tensordot_adjoint(g, t[a], t[b], axes,
                                                                          which)


@tangent(einsum_adjoint)
def einsum_adjoint_t(y, g, subscripts, operands):
    t[y] = add(einsum_adjoint(t[g], subscripts, operands),
               einsum_adjoint_tangent(g, subscripts, operands, t[operands]))


@tangent(transpose_adjoint)
def transpose_adjoint_t(y, g, axes):
    t[y] = transpose_adjoint(t[g], axes)


@tangent(concatenate_adjoint)
def concatenate_adjoint_t(y, g, arrays, axis):
    t[y] = concatenate_adjoint(t[g], arrays, axis)


@tangent(stack_adjoint)
def stack_adjoint_t(y, g, arrays, axis):
    t[y] = stack_adjoint(t[g], arrays, axis)


@tangent(hstack_adjoint)
def hstack_adjoint_t(y, g, arrays):
    t[y] = hstack_adjoint(t[g], arrays)


@tangent(vstack_adjoint)
def vstack_adjoint_t(y, g, arrays):
    t[y] = vstack_adjoint(t[g], arrays)


@tangent(unstack)
def unstack_t(y, g, like):
    t[y] = unstack(t[g], like)


@tangent(builtin_sum_adjoint)
def builtin_sum_adjoint_t(y, g, items):
    t[y] = builtin_sum_adjoint(t[g], items)


@tangent(tile_adjoint)
def tile_adjoint_t(y, g, x, reps):
    t[y] = tile_adjoint(t[g], x, reps)


@tangent(repeat_adjoint)
def repeat_adjoint_t(y, g, x, repeats, axis):
    t[y] = repeat_adjoint(t[g], x, repeats, axis)


@tangent(diag_adjoint)
def diag_adjoint_t(y, g, v, k):
    t[y] = diag_adjoint(t[g], v, k)


@tangent(trace_adjoint)
def trace_adjoint_t(y, g, x, offset, axis1, axis2):
    t[y] = trace_adjoint(t[g], x, offset, axis1, axis2)


@tangent(sort_adjoint)
def sort_adjoint_t(y, g, x, axis):
    t[y] = sort_adjoint(t[g], x, axis)


@tangent(take_adjoint)
def take_adjoint_t(y, g, x, indices, axis):
    t[y] = take_adjoint(t[g], x, indices, axis)


@tangent(norm_adjoint)
def norm_adjoint_t(r, g, y, x, ord, axis, keepdims):
    t[r] = norm_adjoint(t[g], y, x, ord, axis, keepdims) + norm_adjoint(
        g, y, t[x], ord, axis, keepdims) - norm_adjoint(g * t[y] / y, y, x, ord, axis, keepdims)


@tangent(det_adjoint)
def det_adjoint_t(r, g, y, a):
    ainv = np.linalg.inv(a)
    t[r] = det_adjoint(t[g], y, a) + det_adjoint(g, t[y], a) - (g * y)[..., None, None] * \
        np.swapaxes(ainv @ t[a] @ ainv, -1, -2)


@tangent(solve_adjoint)
def solve_adjoint_t(r, g, a):
    t[r] = solve_adjoint(t[g], a) - solve_adjoint(np.swapaxes(t[a], -1, -2) @ r, a)


# -- helpers of generated forward code (forward over forward) -----------------------------------


@tangent(broadcast_tangent)
def broadcast_tangent_t(y, value, like):
    t[y] = broadcast_tangent(t[value], like)


@tangent(sort_tangent)
def sort_tangent_t(y, tx, x, axis):
    t[y] = sort_tangent(t[tx], x, axis)


@tangent(norm_tangent)
def norm_tangent_t(r, tx, y, x, ord, axis, keepdims):
    t[r] = norm_tangent(t[tx], y, x, ord, axis, keepdims) + norm_tangent(
        tx, y, t[x], ord, axis, keepdims) - r * t[y] / y


@tangent(einsum_tangent)
def einsum_tangent_t(y, subscripts, operands, tangents):
    t[y] = einsum_tangent(subscripts, operands, t[tangents]) + einsum_cross(
        subscripts, operands, tangents, t[operands])
