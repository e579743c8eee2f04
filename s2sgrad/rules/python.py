"""Reverse-mode rules for Python operators, builtins and the ``math`` module."""

# ruff: noqa: F811
from __future__ import annotations

import math
import operator

import numpy as np

from ..runtime import (
    builtin_sum_adjoint,
    safe_log,
    unbroadcast,
    unstack,
)
from . import adjoint, d, nondifferentiable


@adjoint("operator.mod", elementwise=True)
def mod(z, x, y):
    d[x] = unbroadcast(d[z], x)
    d[y] = unbroadcast(-d[z] * ((x - z) / y), y)


# operator.add, sub, mul, truediv, pow, matmul, neg and pos share the NumPy rules
# (rules/numpy.py): a BinOp and the ufunc have the same derivative.


@adjoint("builtins.abs", elementwise=True)
def builtin_abs(z, x):
    d[x] = d[z] * np.sign(x)


@adjoint("builtins.sum")
def builtin_sum(z, iterable, start=0):
    d[iterable] = builtin_sum_adjoint(d[z], iterable)
    d[start] = unbroadcast(d[z], start)


@adjoint("builtins.max", "builtins.min")
def builtin_max(z, a, b):
    d[a] = d[z] * (z is a)
    d[b] = d[z] * (z is not a)


@adjoint("builtins.list", "builtins.tuple", linear=True)
def builtin_list(z, iterable):
    d[iterable] = unstack(d[z], iterable)


@adjoint("math.sin", elementwise=True)
def math_sin(y, x):
    d[x] = d[y] * math.cos(x)


@adjoint("math.cos", elementwise=True)
def math_cos(y, x):
    d[x] = -d[y] * math.sin(x)


@adjoint("math.tan", elementwise=True)
def math_tan(y, x):
    d[x] = d[y] * (1.0 + y * y)


@adjoint("math.tanh", elementwise=True)
def math_tanh(y, x):
    d[x] = d[y] * (1.0 - y * y)


@adjoint("math.exp", elementwise=True)
def math_exp(y, x):
    d[x] = d[y] * y


@adjoint("math.expm1", elementwise=True)
def math_expm1(y, x):
    d[x] = d[y] * (y + 1.0)


@adjoint("math.log", elementwise=True)
def math_log(y, x):
    d[x] = d[y] / x


@adjoint("math.log1p", elementwise=True)
def math_log1p(y, x):
    d[x] = d[y] / (1.0 + x)


@adjoint("math.sqrt", elementwise=True)
def math_sqrt(y, x):
    d[x] = d[y] / (2.0 * y)


@adjoint("math.atan", elementwise=True)
def math_atan(y, x):
    d[x] = d[y] / (1.0 + x * x)


@adjoint("math.sinh", elementwise=True)
def math_sinh(y, x):
    d[x] = d[y] * math.cosh(x)


@adjoint("math.cosh", elementwise=True)
def math_cosh(y, x):
    d[x] = d[y] * math.sinh(x)


@adjoint("math.pow", elementwise=True)
def math_pow(z, x, y):
    d[x] = d[z] * y * x ** (y - 1)
    d[y] = d[z] * z * safe_log(x)


@adjoint("math.hypot", elementwise=True)
def math_hypot(z, x, y):
    d[x] = d[z] * x / z
    d[y] = d[z] * y / z


nondifferentiable(
    "builtins.len", "builtins.range", "builtins.int", "builtins.bool", "builtins.str",
    "builtins.isinstance", "builtins.print", "builtins.type", "builtins.round",
    "builtins.hasattr", "builtins.repr", "builtins.sorted", "builtins.any", "builtins.all",
    "math.floor", "math.ceil", "math.isnan", "math.isinf", "math.isfinite", "math.trunc",
    "builtins.divmod",
)
# operator.* names are only used as keys for BinOp/UnaryOp nodes
BINOP_PRIMITIVES = {
    "Add": operator.add, "Sub": operator.sub, "Mult": operator.mul, "Div": operator.truediv,
    "Pow": operator.pow, "Mod": operator.mod, "MatMult": operator.matmul,
}
UNARY_PRIMITIVES = {"USub": operator.neg, "UAdd": operator.pos}
