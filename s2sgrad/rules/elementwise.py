"""Elementwise NumPy functions: one chain-rule expression per argument.

``g`` is the incoming sensitivity (``d[y]`` in reverse mode, ``t[x]`` in forward mode);
each expression is linear in it. See :func:`s2sgrad.rules.registry.elementwise`.
"""

from __future__ import annotations

import numpy as np

from ..runtime import clip_adjoint, power_slope, ratio_or_zero, safe_log, unbroadcast
from .registry import d, elementwise, linear, rule, t

# -- one argument ------------------------------------------------------------------------

@elementwise("numpy.sin")
def sin(g, y, x):
    return g * np.cos(x)


@elementwise("numpy.cos")
def cos(g, y, x):
    return -g * np.sin(x)


@elementwise("numpy.tan")
def tan(g, y, x):
    return g * (1.0 + y * y)


@elementwise("numpy.arcsin")
def arcsin(g, y, x):
    return g / np.sqrt(1.0 - x * x)


@elementwise("numpy.arccos")
def arccos(g, y, x):
    return -g / np.sqrt(1.0 - x * x)


@elementwise("numpy.arctan")
def arctan(g, y, x):
    return g / (1.0 + x * x)


@elementwise("numpy.sinh")
def sinh(g, y, x):
    return g * np.cosh(x)


@elementwise("numpy.cosh")
def cosh(g, y, x):
    return g * np.sinh(x)


@elementwise("numpy.tanh")
def tanh(g, y, x):
    return g * (1.0 - y * y)


@elementwise("numpy.arcsinh")
def arcsinh(g, y, x):
    return g / np.sqrt(x * x + 1.0)


@elementwise("numpy.arccosh")
def arccosh(g, y, x):
    return g / np.sqrt(x * x - 1.0)


@elementwise("numpy.arctanh")
def arctanh(g, y, x):
    return g / (1.0 - x * x)


@elementwise("numpy.exp")
def exp(g, y, x):
    return g * y


@elementwise("numpy.exp2")
def exp2(g, y, x):
    return g * y * np.log(2.0)


@elementwise("numpy.expm1")
def expm1(g, y, x):
    return g * (y + 1.0)


@elementwise("numpy.log")
def log(g, y, x):
    return g / x


@elementwise("numpy.log2")
def log2(g, y, x):
    return g / (x * np.log(2.0))


@elementwise("numpy.log10")
def log10(g, y, x):
    return g / (x * np.log(10.0))


@elementwise("numpy.log1p")
def log1p(g, y, x):
    return g / (1.0 + x)


@elementwise("numpy.sqrt")
def sqrt(g, y, x):
    return g / (2.0 * y)


@elementwise("numpy.cbrt")
def cbrt(g, y, x):
    return g / (3.0 * y * y)


@elementwise("numpy.square")
def square(g, y, x):
    return g * (2.0 * x)


@elementwise("numpy.reciprocal")
def reciprocal(g, y, x):
    return -g * y * y


@elementwise("numpy.abs", "numpy.absolute", "numpy.fabs", "builtins.abs")
def absolute(g, y, x):
    return g * np.sign(x)  # 0 at 0, as autograd and JAX


@elementwise("numpy.negative", "operator.neg")
def negative(g, y, x):
    return -g


@elementwise("numpy.positive", "numpy.real", "operator.pos")
def positive(g, y, x):
    return g


@elementwise("numpy.deg2rad", "numpy.radians")
def deg2rad(g, y, x):
    return g * (np.pi / 180.0)


@elementwise("numpy.rad2deg", "numpy.degrees")
def rad2deg(g, y, x):
    return g * (180.0 / np.pi)


@elementwise("numpy.sinc")
def sinc(g, y, x):
    return g * np.where(x == 0.0, 0.0, (np.cos(np.pi * x) - y) / np.where(x == 0.0, 1.0, x))


# -- two arguments (broadcasting: adjoints are summed back to each argument's shape) -----


@elementwise("numpy.add", "operator.add")
def add(g, y, x1, x2):
    return g, g


@elementwise("numpy.subtract", "operator.sub")
def subtract(g, y, x1, x2):
    return g, -g


@elementwise("numpy.multiply", "operator.mul")
def multiply(g, y, x1, x2):
    return g * x2, x1 * g


@elementwise("numpy.divide", "numpy.true_divide", "operator.truediv")
def divide(g, y, x1, x2):
    return g / x2, -g * y / x2


@elementwise("numpy.power", "numpy.float_power", "operator.pow", "builtins.pow")
def power(g, y, x1, x2):
    # power_slope: x2 * x1 ** (x2 - 1), exactly 0 where x2 == 0 (also at x1 == 0)
    return g * power_slope(x1, x2), g * y * safe_log(x1)


@elementwise("numpy.maximum", "numpy.fmax")
def maximum(g, y, x1, x2):
    return g * (x1 >= x2), g * (x1 < x2)


@elementwise("numpy.minimum", "numpy.fmin")
def minimum(g, y, x1, x2):
    return g * (x1 <= x2), g * (x1 > x2)


@elementwise("numpy.arctan2")
def arctan2(g, y, x1, x2):
    return g * x2 / (x1 * x1 + x2 * x2), -g * x1 / (x1 * x1 + x2 * x2)


@elementwise("numpy.hypot")
def hypot(g, y, x1, x2):
    # 0 at the origin (where hypot is |x|-like), as for abs
    return g * ratio_or_zero(x1, y), g * ratio_or_zero(x2, y)


@elementwise("numpy.logaddexp")
def logaddexp(g, y, x1, x2):
    return g * np.exp(x1 - y), g * np.exp(x2 - y)


@elementwise("numpy.logaddexp2")
def logaddexp2(g, y, x1, x2):
    return g * np.exp2(x1 - y), g * np.exp2(x2 - y)


@elementwise("numpy.mod", "numpy.remainder")
def mod(g, y, x1, x2):
    return g, -g * np.floor_divide(x1, x2)


@elementwise("numpy.heaviside")
def heaviside(g, y, x1, x2):
    # 0 almost everywhere in x1; x2 is the value taken where x1 == 0
    return None, g * (x1 == 0)


# -- selection -----------------------------------------------------------------------


@linear("numpy.where")
def where(y, condition, x, x2):
    d[x] = unbroadcast(np.where(condition, d[y], 0.0), x)
    d[x2] = unbroadcast(np.where(condition, 0.0, d[y]), x2)


@rule("numpy.clip")
def clip(y, a, a_min=None, a_max=None):
    d[a] = clip_adjoint(d[y], a, a_min, a_max)
    d[a_min] = unbroadcast(d[y] * (a < a_min), a_min)
    d[a_max] = unbroadcast(d[y] * (a > a_max), a_max)
    t[y] = clip_adjoint(t[a], a, a_min, a_max) + t[a_min] * (a < a_min) + t[a_max] * (a > a_max)
