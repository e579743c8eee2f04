"""Reverse-mode rules for NumPy, one small template per primitive.

``d[x]`` is the adjoint of ``x``; helpers such as ``unbroadcast`` live in
:mod:`s2sgrad.runtime` and are called by name from the generated code.
"""

# ruff: noqa: F811
from __future__ import annotations

import numpy as np

from ..runtime import (
    clip_adjoint,
    concatenate_adjoint,
    cumprod_adjoint,
    cumsum_adjoint,
    det_adjoint,
    diag_adjoint,
    dot_left,
    dot_right,
    einsum_adjoint,
    hstack_adjoint,
    inner_adjoint,
    matmul_left,
    matmul_right,
    norm_adjoint,
    outer_left,
    outer_right,
    reduce_adjoint,
    repeat_adjoint,
    safe_log,
    select_adjoint,
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
)
from . import adjoint, d, nondifferentiable

# -- elementwise, one argument -------------------------------------------------------


@adjoint("numpy.sin", elementwise=True)
def sin(y, x):
    d[x] = d[y] * np.cos(x)


@adjoint("numpy.cos", elementwise=True)
def cos(y, x):
    d[x] = -d[y] * np.sin(x)


@adjoint("numpy.tan", elementwise=True)
def tan(y, x):
    d[x] = d[y] * (1.0 + y * y)


@adjoint("numpy.arcsin", elementwise=True)
def arcsin(y, x):
    d[x] = d[y] / np.sqrt(1.0 - x * x)


@adjoint("numpy.arccos", elementwise=True)
def arccos(y, x):
    d[x] = -d[y] / np.sqrt(1.0 - x * x)


@adjoint("numpy.arctan", elementwise=True)
def arctan(y, x):
    d[x] = d[y] / (1.0 + x * x)


@adjoint("numpy.sinh", elementwise=True)
def sinh(y, x):
    d[x] = d[y] * np.cosh(x)


@adjoint("numpy.cosh", elementwise=True)
def cosh(y, x):
    d[x] = d[y] * np.sinh(x)


@adjoint("numpy.tanh", elementwise=True)
def tanh(y, x):
    d[x] = d[y] * (1.0 - y * y)


@adjoint("numpy.arcsinh", elementwise=True)
def arcsinh(y, x):
    d[x] = d[y] / np.sqrt(x * x + 1.0)


@adjoint("numpy.arccosh", elementwise=True)
def arccosh(y, x):
    d[x] = d[y] / np.sqrt(x * x - 1.0)


@adjoint("numpy.arctanh", elementwise=True)
def arctanh(y, x):
    d[x] = d[y] / (1.0 - x * x)


@adjoint("numpy.exp", elementwise=True)
def exp(y, x):
    d[x] = d[y] * y


@adjoint("numpy.exp2", elementwise=True)
def exp2(y, x):
    d[x] = d[y] * y * np.log(2.0)


@adjoint("numpy.expm1", elementwise=True)
def expm1(y, x):
    d[x] = d[y] * (y + 1.0)


@adjoint("numpy.log", elementwise=True)
def log(y, x):
    d[x] = d[y] / x


@adjoint("numpy.log2", elementwise=True)
def log2(y, x):
    d[x] = d[y] / (x * np.log(2.0))


@adjoint("numpy.log10", elementwise=True)
def log10(y, x):
    d[x] = d[y] / (x * np.log(10.0))


@adjoint("numpy.log1p", elementwise=True)
def log1p(y, x):
    d[x] = d[y] / (1.0 + x)


@adjoint("numpy.sqrt", elementwise=True)
def sqrt(y, x):
    d[x] = d[y] / (2.0 * y)


@adjoint("numpy.cbrt", elementwise=True)
def cbrt(y, x):
    d[x] = d[y] / (3.0 * y * y)


@adjoint("numpy.square", elementwise=True)
def square(y, x):
    d[x] = d[y] * (2.0 * x)


@adjoint("numpy.reciprocal", elementwise=True)
def reciprocal(y, x):
    d[x] = -d[y] * y * y


@adjoint("numpy.abs", "numpy.absolute", "numpy.fabs", elementwise=True)
def absolute(y, x):
    d[x] = d[y] * np.sign(x)


@adjoint("numpy.negative", "operator.neg", elementwise=True, linear=True)
def negative(y, x):
    d[x] = -d[y]


@adjoint("numpy.positive", "numpy.real", "operator.pos", "builtins.float", elementwise=True,
         linear=True)
def positive(y, x):
    d[x] = d[y]


@adjoint("numpy.deg2rad", "numpy.radians", elementwise=True, linear=True)
def deg2rad(y, x):
    d[x] = d[y] * (np.pi / 180.0)


@adjoint("numpy.rad2deg", "numpy.degrees", elementwise=True, linear=True)
def rad2deg(y, x):
    d[x] = d[y] * (180.0 / np.pi)


@adjoint("numpy.sinc", elementwise=True)
def sinc(y, x):
    d[x] = d[y] * np.where(x == 0.0, 0.0, (np.cos(np.pi * x) - y) / np.where(x == 0.0, 1.0, x))


# -- elementwise, two arguments (broadcasting) ----------------------------------------


@adjoint("numpy.add", "operator.add", elementwise=True, linear=True)
def add(y, x1, x2):
    d[x1] = unbroadcast(d[y], x1)
    d[x2] = unbroadcast(d[y], x2)


@adjoint("numpy.subtract", "operator.sub", elementwise=True, linear=True)
def subtract(y, x1, x2):
    d[x1] = unbroadcast(d[y], x1)
    d[x2] = unbroadcast(-d[y], x2)


@adjoint("numpy.multiply", "operator.mul", elementwise=True)
def multiply(y, x1, x2):
    d[x1] = unbroadcast(d[y] * x2, x1)
    d[x2] = unbroadcast(d[y] * x1, x2)


@adjoint("numpy.divide", "numpy.true_divide", "operator.truediv", elementwise=True)
def divide(y, x1, x2):
    d[x1] = unbroadcast(d[y] / x2, x1)
    d[x2] = unbroadcast(-d[y] * y / x2, x2)


@adjoint("numpy.power", "numpy.float_power", "operator.pow", "builtins.pow", elementwise=True)
def power(y, x1, x2):
    d[x1] = unbroadcast(d[y] * x2 * x1 ** (x2 - 1), x1)
    d[x2] = unbroadcast(d[y] * y * safe_log(x1), x2)


@adjoint("numpy.maximum", "numpy.fmax", elementwise=True)
def maximum(y, x1, x2):
    d[x1] = unbroadcast(d[y] * (x1 >= x2), x1)
    d[x2] = unbroadcast(d[y] * (x1 < x2), x2)


@adjoint("numpy.minimum", "numpy.fmin", elementwise=True)
def minimum(y, x1, x2):
    d[x1] = unbroadcast(d[y] * (x1 <= x2), x1)
    d[x2] = unbroadcast(d[y] * (x1 > x2), x2)


@adjoint("numpy.arctan2", elementwise=True)
def arctan2(y, x1, x2):
    d[x1] = unbroadcast(d[y] * x2 / (x1 * x1 + x2 * x2), x1)
    d[x2] = unbroadcast(-d[y] * x1 / (x1 * x1 + x2 * x2), x2)


@adjoint("numpy.hypot", elementwise=True)
def hypot(y, x1, x2):
    d[x1] = unbroadcast(d[y] * x1 / y, x1)
    d[x2] = unbroadcast(d[y] * x2 / y, x2)


@adjoint("numpy.logaddexp", elementwise=True)
def logaddexp(y, x1, x2):
    d[x1] = unbroadcast(d[y] * np.exp(x1 - y), x1)
    d[x2] = unbroadcast(d[y] * np.exp(x2 - y), x2)


@adjoint("numpy.logaddexp2", elementwise=True)
def logaddexp2(y, x1, x2):
    d[x1] = unbroadcast(d[y] * np.exp2(x1 - y), x1)
    d[x2] = unbroadcast(d[y] * np.exp2(x2 - y), x2)


@adjoint("numpy.mod", "numpy.remainder", elementwise=True)
def mod(y, x1, x2):
    d[x1] = unbroadcast(d[y], x1)
    d[x2] = unbroadcast(-d[y] * np.floor_divide(x1, x2), x2)


@adjoint("numpy.where")
def where(y, condition, x, x2):
    d[x] = unbroadcast(np.where(condition, d[y], 0.0), x)
    d[x2] = unbroadcast(np.where(condition, 0.0, d[y]), x2)


@adjoint("numpy.clip")
def clip(y, a, a_min=None, a_max=None):
    d[a] = clip_adjoint(d[y], a, a_min, a_max)
    d[a_min] = unbroadcast(d[y] * (a < a_min), a_min)
    d[a_max] = unbroadcast(d[y] * (a > a_max), a_max)


# -- reductions -------------------------------------------------------------------------


@adjoint("numpy.sum")
def sum(y, a, axis=None, dtype=None, out=None, keepdims=False):
    d[a] = reduce_adjoint(d[y], a, axis, keepdims)


@adjoint("numpy.mean")
def mean(y, a, axis=None, dtype=None, out=None, keepdims=False):
    d[a] = reduce_adjoint(d[y], a, axis, keepdims) * (np.size(y) / np.size(a))


@adjoint("numpy.prod")
def prod(y, a, axis=None, dtype=None, out=None, keepdims=False):
    d[a] = reduce_adjoint(d[y] * y, a, axis, keepdims) / a


@adjoint("numpy.max", "numpy.amax", "numpy.min", "numpy.amin")
def max(y, a, axis=None, out=None, keepdims=False):
    d[a] = select_adjoint(d[y], y, a, axis, keepdims)


@adjoint("numpy.var")
def var(y, a, axis=None, dtype=None, out=None, ddof=0, keepdims=False):
    d[a] = var_adjoint(d[y], a, axis, ddof, keepdims)


@adjoint("numpy.std")
def std(y, a, axis=None, dtype=None, out=None, ddof=0, keepdims=False):
    d[a] = var_adjoint(d[y] / (2.0 * y), a, axis, ddof, keepdims)


@adjoint("numpy.cumsum")
def cumsum(y, a, axis=None, dtype=None, out=None):
    d[a] = cumsum_adjoint(d[y], a, axis)


@adjoint("numpy.cumprod")
def cumprod(y, a, axis=None, dtype=None, out=None):
    d[a] = cumprod_adjoint(d[y], y, a, axis)


@adjoint("numpy.trace")
def trace(y, a, offset=0, axis1=0, axis2=1, dtype=None, out=None):
    d[a] = trace_adjoint(d[y], a, offset, axis1, axis2)


# -- products ----------------------------------------------------------------------------


@adjoint("numpy.matmul", "operator.matmul")
def matmul(y, x1, x2):
    d[x1] = matmul_left(d[y], x1, x2)
    d[x2] = matmul_right(d[y], x1, x2)


@adjoint("numpy.dot")
def dot(y, a, b):
    d[a] = dot_left(d[y], a, b)
    d[b] = dot_right(d[y], a, b)


@adjoint("numpy.outer")
def outer(y, a, b):
    d[a] = outer_left(d[y], a, b)
    d[b] = outer_right(d[y], a, b)


@adjoint("numpy.inner")
def inner(y, a, b):
    d[a] = inner_adjoint(d[y], a, b, 0)
    d[b] = inner_adjoint(d[y], a, b, 1)


@adjoint("numpy.tensordot")
def tensordot(y, a, b, axes=2):
    d[a] = tensordot_adjoint(d[y], a, b, axes, 0)
    d[b] = tensordot_adjoint(d[y], a, b, axes, 1)


@adjoint("numpy.einsum")
def einsum(y, subscripts, *operands):
    d[operands] = einsum_adjoint(d[y], subscripts, operands)


# -- shape ------------------------------------------------------------------------------


@adjoint("numpy.reshape", linear=True)
def reshape(y, a, shape=None, order="C"):
    d[a] = np.reshape(d[y], np.shape(a), order=order)


@adjoint("numpy.ravel", "numpy.squeeze", "numpy.expand_dims", "numpy.atleast_1d",
         "numpy.atleast_2d", "numpy.atleast_3d", linear=True)
def ravel(y, a, axis=None):
    d[a] = np.reshape(d[y], np.shape(a))


@adjoint("numpy.transpose", linear=True)
def transpose(y, a, axes=None):
    d[a] = transpose_adjoint(d[y], axes)


@adjoint("numpy.swapaxes", linear=True)
def swapaxes(y, a, axis1, axis2):
    d[a] = np.swapaxes(d[y], axis1, axis2)


@adjoint("numpy.moveaxis", linear=True)
def moveaxis(y, a, source, destination):
    d[a] = np.moveaxis(d[y], destination, source)


@adjoint("numpy.broadcast_to", linear=True)
def broadcast_to(y, array, shape):
    d[array] = unbroadcast(d[y], array)


@adjoint("numpy.concatenate", linear=True)
def concatenate(y, arrays, axis=0):
    d[arrays] = concatenate_adjoint(d[y], arrays, axis)


@adjoint("numpy.stack", linear=True)
def stack(y, arrays, axis=0):
    d[arrays] = stack_adjoint(d[y], arrays, axis)


@adjoint("numpy.hstack", linear=True)
def hstack(y, tup):
    d[tup] = hstack_adjoint(d[y], tup)


@adjoint("numpy.vstack", linear=True)
def vstack(y, tup):
    d[tup] = vstack_adjoint(d[y], tup)


@adjoint("numpy.tile", linear=True)
def tile(y, A, reps):
    d[A] = tile_adjoint(d[y], A, reps)


@adjoint("numpy.repeat", linear=True)
def repeat(y, a, repeats, axis=None):
    d[a] = repeat_adjoint(d[y], a, repeats, axis)


@adjoint("numpy.flip", linear=True)
def flip(y, m, axis=None):
    d[m] = np.flip(d[y], axis)


@adjoint("numpy.fliplr", linear=True)
def fliplr(y, m):
    d[m] = np.fliplr(d[y])


@adjoint("numpy.flipud", linear=True)
def flipud(y, m):
    d[m] = np.flipud(d[y])


@adjoint("numpy.roll", linear=True)
def roll(y, a, shift, axis=None):
    d[a] = np.reshape(np.roll(d[y], np.negative(shift), axis), np.shape(a))


@adjoint("numpy.diag", linear=True)
def diag(y, v, k=0):
    d[v] = diag_adjoint(d[y], v, k)


@adjoint("numpy.diagonal", linear=True)
def diagonal(y, a, offset=0, axis1=0, axis2=1):
    d[a] = trace_adjoint(d[y], a, offset, axis1, axis2)


@adjoint("numpy.triu", linear=True)
def triu(y, m, k=0):
    d[m] = np.triu(d[y], k)


@adjoint("numpy.tril", linear=True)
def tril(y, m, k=0):
    d[m] = np.tril(d[y], k)


@adjoint("numpy.sort")
def sort(y, a, axis=-1, kind=None, order=None):
    d[a] = sort_adjoint(d[y], a, axis)


@adjoint("numpy.take")
def take(y, a, indices, axis=None, out=None, mode="raise"):
    d[a] = take_adjoint(d[y], a, indices, axis)


@adjoint("numpy.copy", "numpy.asarray", "numpy.ascontiguousarray", "numpy.float64",
         linear=True)
def copy(y, a):
    d[a] = d[y]


@adjoint("numpy.array", linear=True)
def array(y, object, dtype=None):
    d[object] = unstack(d[y], object)


@adjoint("numpy.full_like")
def full_like(y, a, fill_value, dtype=None):
    d[fill_value] = unbroadcast(d[y], fill_value)


@adjoint("numpy.full")
def full(y, shape, fill_value, dtype=None):
    d[fill_value] = unbroadcast(d[y], fill_value)


# -- linear algebra -------------------------------------------------------------------


@adjoint("numpy.linalg.norm")
def norm(y, x, ord=None, axis=None, keepdims=False):
    d[x] = norm_adjoint(d[y], y, x, ord, axis, keepdims)


@adjoint("numpy.linalg.inv")
def inv(y, a):
    yt = np.swapaxes(y, -1, -2)
    d[a] = -(yt @ d[y] @ yt)


@adjoint("numpy.linalg.det")
def det(y, a):
    d[a] = det_adjoint(d[y], y, a)


@adjoint("numpy.linalg.solve")
def solve(y, a, b):
    d[b] = solve_adjoint(d[y], a)
    d[a] = -matmul_left(solve_adjoint(d[y], a), a, y)


nondifferentiable(
    "numpy.shape", "numpy.ndim", "numpy.size", "numpy.argmax", "numpy.argmin",
    "numpy.argsort", "numpy.argwhere", "numpy.nonzero", "numpy.flatnonzero",
    "numpy.count_nonzero", "numpy.zeros", "numpy.ones", "numpy.empty", "numpy.eye",
    "numpy.identity", "numpy.arange", "numpy.linspace", "numpy.logspace", "numpy.zeros_like",
    "numpy.ones_like", "numpy.empty_like", "numpy.sign", "numpy.floor", "numpy.ceil",
    "numpy.round", "numpy.around", "numpy.rint", "numpy.trunc", "numpy.fix", "numpy.isnan",
    "numpy.isinf", "numpy.isfinite", "numpy.greater", "numpy.less", "numpy.equal",
    "numpy.not_equal", "numpy.greater_equal", "numpy.less_equal", "numpy.logical_and",
    "numpy.logical_or", "numpy.logical_not", "numpy.logical_xor", "numpy.all", "numpy.any",
    "numpy.floor_divide", "numpy.allclose", "numpy.isclose", "numpy.array_equal",
    "numpy.searchsorted", "numpy.digitize", "numpy.histogram", "numpy.tri", "numpy.indices",
    "numpy.result_type", "numpy.heaviside", "numpy.random.rand", "numpy.random.randn",
    "numpy.random.normal", "numpy.random.uniform", "numpy.random.randint",
    "numpy.random.default_rng", "numpy.random.seed", "numpy.random.choice",
    "numpy.random.permutation", "numpy.broadcast_shapes", "numpy.iscomplexobj",
    "numpy.isscalar", "numpy.signbit",
)
