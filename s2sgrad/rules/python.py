"""Python operators, builtins and the ``math`` module.

``operator.add``, ``sub``, ``mul``, ``truediv``, ``pow``, ``matmul``, ``neg`` and ``pos``
share the NumPy rules (a BinOp and the ufunc have the same derivative); the operator
functions are only keys for BinOp/UnaryOp nodes.
"""

from __future__ import annotations

import math
import operator

from ..runtime import (
    builtin_sum_adjoint,
    power_slope,
    ratio_or_zero,
    safe_log,
    unbroadcast,
    unstack,
)
from .registry import d, elementwise, linear, linear_in, rule, t


@elementwise("operator.mod")
def mod(g, z, x, y):
    return g, -g * ((x - z) / y)


@rule("builtins.sum")
def builtin_sum(z, iterable, start=0):
    d[iterable] = builtin_sum_adjoint(d[z], iterable)
    d[start] = unbroadcast(d[z], start)
    t[z] = sum(t[iterable], t[start])


@rule("builtins.max", "builtins.min")
def builtin_max(z, a, b):
    d[a] = d[z] * (z is a)
    d[b] = d[z] * (z is not a)
    t[z] = t[a] * (z is a) + t[b] * (z is not a)


@linear("builtins.list", "builtins.tuple")
def builtin_list(z, iterable):
    d[iterable] = unstack(d[z], iterable)


linear_in(builtin_sum_adjoint, "g")


@elementwise("math.sin")
def math_sin(g, y, x):
    return g * math.cos(x)


@elementwise("math.cos")
def math_cos(g, y, x):
    return -g * math.sin(x)


@elementwise("math.tan")
def math_tan(g, y, x):
    return g * (1.0 + y * y)


@elementwise("math.tanh")
def math_tanh(g, y, x):
    return g * (1.0 - y * y)


@elementwise("math.exp")
def math_exp(g, y, x):
    return g * y


@elementwise("math.expm1")
def math_expm1(g, y, x):
    return g * (y + 1.0)


@elementwise("math.log")
def math_log(g, y, x):
    return g / x


@elementwise("math.log1p")
def math_log1p(g, y, x):
    return g / (1.0 + x)


@elementwise("math.sqrt")
def math_sqrt(g, y, x):
    return g / (2.0 * y)


@elementwise("math.atan")
def math_atan(g, y, x):
    return g / (1.0 + x * x)


@elementwise("math.sinh")
def math_sinh(g, y, x):
    return g * math.cosh(x)


@elementwise("math.cosh")
def math_cosh(g, y, x):
    return g * math.sinh(x)


@elementwise("math.pow", unbroadcast=False)
def math_pow(g, z, x, y):
    return g * power_slope(x, y), g * z * safe_log(x)


@elementwise("math.hypot", unbroadcast=False)
def math_hypot(g, z, x, y):
    return g * ratio_or_zero(x, z), g * ratio_or_zero(y, z)


BINOP_PRIMITIVES = {
    "Add": operator.add, "Sub": operator.sub, "Mult": operator.mul, "Div": operator.truediv,
    "Pow": operator.pow, "Mod": operator.mod, "MatMult": operator.matmul,
}
UNARY_PRIMITIVES = {"USub": operator.neg, "UAdd": operator.pos}
