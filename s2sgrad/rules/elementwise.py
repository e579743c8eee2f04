"""Elementwise NumPy functions: one chain-rule expression per argument, one line each.

``g`` is the incoming sensitivity (``d[y]`` in reverse mode, ``t[x]`` in forward mode) and
each expression is linear in it; with two arguments, a tuple of two expressions (``None``:
no derivative). Write factors in the order the tangent should read; adjoints put ``d[y]``
first. See :func:`s2sgrad.rules.registry.elementwise`.
"""

from __future__ import annotations

import numpy as np

from ..runtime import (
    abs_slope,
    autograd_where,
    clip_adjoint,
    clip_at_max,
    clip_at_min,
    finite_part,
    order_sign,
    override,
    power_domain,
    power_slope,
    ratio_or_zero,
    real_like,
    safe_log,
    sinc_derivative,
    unbroadcast,
)
from .registry import d, elementwise, linear, nondifferentiable_object, rule, t

# -- one argument -------------------------------------------------------------------------

elementwise("numpy.sin", lambda g, y, x: g * np.cos(x))
elementwise("numpy.cos", lambda g, y, x: -g * np.sin(x))
elementwise("numpy.tan", lambda g, y, x: g * (1.0 + y * y))
elementwise("numpy.arctan", lambda g, y, x: g / (1.0 + x * x))
elementwise("numpy.sinh", lambda g, y, x: g * np.cosh(x))
elementwise("numpy.cosh", lambda g, y, x: g * np.sinh(x))
elementwise("numpy.tanh", lambda g, y, x: g * (1.0 - y * y))
elementwise("numpy.arcsinh", lambda g, y, x: g / np.sqrt(x * x + 1.0))
elementwise("numpy.arctanh", lambda g, y, x: g / (1.0 - x * x))
elementwise("numpy.exp", lambda g, y, x: g * y)
elementwise("numpy.exp2", lambda g, y, x: g * y * np.log(2.0))
elementwise("numpy.expm1", lambda g, y, x: g * (y + 1.0))
elementwise("numpy.log", lambda g, y, x: g / x)
elementwise("numpy.log2", lambda g, y, x: g / (x * np.log(2.0)))
elementwise("numpy.log10", lambda g, y, x: g / (x * np.log(10.0)))
elementwise("numpy.log1p", lambda g, y, x: g / (1.0 + x))
elementwise("numpy.cbrt", lambda g, y, x: g / (3.0 * y * y))
# (g * 2.0) * x: a scalar g (a folded reduction's seed) is doubled, not the array x; the
# same numbers as g * (2.0 * x) (doubling is exact) unless g * 2.0 or 2.0 * x overflows
elementwise("numpy.square", lambda g, y, x: g * 2.0 * x)
elementwise("numpy.reciprocal", lambda g, y, x: -g * y * y)
# 0 at 0, as autograd and JAX
elementwise("numpy.fabs", lambda g, y, x: g * np.sign(x))
elementwise("numpy.negative", "operator.neg", lambda g, y, x: -g)
elementwise("numpy.positive", "operator.pos", lambda g, y, x: g)
elementwise("numpy.deg2rad", "numpy.radians", lambda g, y, x: g * (np.pi / 180.0))
elementwise("numpy.rad2deg", "numpy.degrees", lambda g, y, x: g * (180.0 / np.pi))
# (cos(pi x) - sinc(x)) / x would be 0 / 0 at 0 and lose every digit near it, and a
# np.where choosing 0 there has the derivative 0, not sinc''(0) = -pi ** 2 / 3: each
# derivative order is sinc_derivative of the next
elementwise("numpy.sinc", lambda g, y, x: g * sinc_derivative(x, 1))


@rule(sinc_derivative)
def sinc_derivative_t(y, x, n):
    t[y] = t[x] * sinc_derivative(x, n + 1)


@rule("numpy.abs", "numpy.absolute", "builtins.abs", elementwise=True)
def absolute(y, x):
    # conj(x) / |x| for complex x (sign(x) for real x); 0 at 0, as autograd and JAX; |x| is
    # real, so its adjoint is too
    d[x] = np.real(d[y]) * abs_slope(x)
    t[y] = np.real(t[x] * abs_slope(x))


# -- two arguments (broadcasting: adjoints are summed back to each argument's shape) -------

elementwise("numpy.add", "operator.add", lambda g, y, x1, x2: (g, g))
elementwise("numpy.subtract", "operator.sub", lambda g, y, x1, x2: (g, -g))
elementwise("numpy.multiply", "operator.mul", lambda g, y, x1, x2: (g * x2, x1 * g))
elementwise(
    "numpy.divide",
    "numpy.true_divide",
    "operator.truediv",
    lambda g, y, x1, x2: (g / x2, -g * y / x2),
)
# a tie (relu's np.maximum(z, 0.0) at z == 0) shares the derivative equally, as autograd
# and JAX do; order_sign(x1, x2) is np.sign(x1 - x2) for real values, and for complex
# values the sign of NumPy's order (real parts, then imaginary parts), where np.sign would
# give (x1 - x2) / |x1 - x2|
elementwise(
    "numpy.maximum",
    lambda g, y, x1, x2: (
        g * (0.5 + 0.5 * order_sign(x1, x2)),
        g * (0.5 - 0.5 * order_sign(x1, x2)),
    ),
)
elementwise(
    "numpy.minimum",
    lambda g, y, x1, x2: (
        g * (0.5 - 0.5 * order_sign(x1, x2)),
        g * (0.5 + 0.5 * order_sign(x1, x2)),
    ),
)
# fmax/fmin skip a NaN: the other operand is the value there (all of the derivative), and
# where both are NaN the value is NaN whatever they are (no derivative)
elementwise(
    "numpy.fmax",
    lambda g, y, x1, x2: (
        g * np.where(x1 == x2, 0.5, (x1 > x2) | (np.isnan(x2) & ~np.isnan(x1))),
        g * np.where(x1 == x2, 0.5, (x1 < x2) | (np.isnan(x1) & ~np.isnan(x2))),
    ),
)
elementwise(
    "numpy.fmin",
    lambda g, y, x1, x2: (
        g * np.where(x1 == x2, 0.5, (x1 < x2) | (np.isnan(x2) & ~np.isnan(x1))),
        g * np.where(x1 == x2, 0.5, (x1 > x2) | (np.isnan(x1) & ~np.isnan(x2))),
    ),
)
elementwise(
    "numpy.arctan2",
    lambda g, y, x1, x2: (g * x2 / (x1 * x1 + x2 * x2), -g * x1 / (x1 * x1 + x2 * x2)),
)
# 0 at the origin, where hypot is |x|-like (as abs at 0)
elementwise(
    "numpy.hypot", lambda g, y, x1, x2: (g * ratio_or_zero(x1, y), g * ratio_or_zero(x2, y))
)
elementwise("numpy.logaddexp", lambda g, y, x1, x2: (g * np.exp(x1 - y), g * np.exp(x2 - y)))
elementwise("numpy.logaddexp2", lambda g, y, x1, x2: (g * np.exp2(x1 - y), g * np.exp2(x2 - y)))
elementwise("numpy.mod", "numpy.remainder", lambda g, y, x1, x2: (g, -g * np.floor_divide(x1, x2)))
elementwise("numpy.fmod", lambda g, y, x1, x2: (g, -g * np.trunc(x1 / x2)))
# |x1| with the sign of x2 (a sign bit: constant in x2)
elementwise(
    "numpy.copysign",
    lambda g, y, x1, x2: (g * np.copysign(1.0, x1) * np.copysign(1.0, x2), None),
)
elementwise("numpy.ldexp", lambda g, y, x1, x2: (g * np.exp2(x2), None))  # x2: integers
elementwise("numpy.nextafter", lambda g, y, x1, x2: (g, None))  # x1 moved by one ulp
# 0 almost everywhere in x1; x2 is the value taken where x1 == 0
elementwise("numpy.heaviside", lambda g, y, x1, x2: (None, g * (x1 == 0)))

# -- selection ------------------------------------------------------------------------------


@linear("numpy.where")
def where(r, condition, x, y):
    d[x] = unbroadcast(np.where(condition, d[r], 0.0), x)
    d[y] = unbroadcast(np.where(condition, 0.0, d[r]), y)


# autograd.numpy's where: x= and y= by keyword, Python values kept Python
@linear(autograd_where)
def keyword_where(r, condition, x=None, y=None):
    d[x] = unbroadcast(np.where(condition, d[r], 0.0), x)
    d[y] = unbroadcast(np.where(condition, 0.0, d[r]), y)


@rule("numpy.clip")
def clip(y, a, a_min=None, a_max=None, out=None, *, min=None, max=None):
    # NumPy 2.1+ also names the bounds min= and max=; a lower bound above the upper one
    # gives the upper one (clip_at_min); bounds may broadcast a to a larger shape
    d[a] = unbroadcast(clip_adjoint(d[y], a, override(a_min, min), override(a_max, max)), a)
    d[a_min] = unbroadcast(d[y] * clip_at_min(a, a_min, override(a_max, max)), a_min)
    d[a_max] = unbroadcast(d[y] * clip_at_max(a, override(a_min, min), a_max), a_max)
    d[min] = unbroadcast(d[y] * clip_at_min(a, min, override(a_max, max)), min)
    d[max] = unbroadcast(d[y] * clip_at_max(a, override(a_min, min), max), max)
    t[y] = (
        clip_adjoint(t[a], a, override(a_min, min), override(a_max, max))
        + t[a_min] * clip_at_min(a, a_min, override(a_max, max))
        + t[a_max] * clip_at_max(a, override(a_min, min), a_max)
        + t[min] * clip_at_min(a, min, override(a_max, max))
        + t[max] * clip_at_max(a, override(a_min, min), max)
    )


# -- slopes outside the domain -----------------------------------------------------------
# Where the sensitivity is 0 (np.where chose the other branch, np.nansum or a mask dropped
# the value), the slope is taken at a point inside the domain: 0 * nan would make the
# gradient nan (sqrt or arcsin of a value outside its domain, a fractional power of a
# negative base) where finite differences give 0. Only there: a zero sensitivity inside
# the domain keeps the slope, whose derivative the Hessian needs (the adjoint of a
# residual is 0 at an exact fit, and its tangent is not; sqrt(x) - c at x == c * c)


@rule("numpy.sqrt", elementwise=True)
def sqrt(y, x):
    d[x] = d[y] / (2.0 * np.where(d[y] == 0, np.where(np.abs(y) > 0, y, 1.0), y))
    t[y] = t[x] / (2.0 * np.where(t[x] == 0, np.where(np.abs(y) > 0, y, 1.0), y))


@rule("numpy.arcsin", elementwise=True)
def arcsin(y, x):
    d[x] = d[y] / np.sqrt(
        np.where(d[y] == 0, np.where(np.greater(1.0 - x * x, 0), 1.0 - x * x, 1.0), 1.0 - x * x)
    )
    t[y] = t[x] / np.sqrt(
        np.where(t[x] == 0, np.where(np.greater(1.0 - x * x, 0), 1.0 - x * x, 1.0), 1.0 - x * x)
    )


@rule("numpy.arccos", elementwise=True)
def arccos(y, x):
    d[x] = -d[y] / np.sqrt(
        np.where(d[y] == 0, np.where(np.greater(1.0 - x * x, 0), 1.0 - x * x, 1.0), 1.0 - x * x)
    )
    t[y] = -t[x] / np.sqrt(
        np.where(t[x] == 0, np.where(np.greater(1.0 - x * x, 0), 1.0 - x * x, 1.0), 1.0 - x * x)
    )


# sqrt(x - 1) * sqrt(x + 1), not sqrt(x * x - 1): the same for real x, and right for complex x
@rule("numpy.arccosh", elementwise=True)
def arccosh(y, x):
    d[x] = d[y] / (
        np.sqrt(np.where(d[y] == 0, np.where(np.greater(x, 1.0), x, 3.0), x) - 1.0)
        * np.sqrt(np.where(d[y] == 0, np.where(np.greater(x, 1.0), x, 3.0), x) + 1.0)
    )
    t[y] = t[x] / (
        np.sqrt(np.where(t[x] == 0, np.where(np.greater(x, 1.0), x, 3.0), x) - 1.0)
        * np.sqrt(np.where(t[x] == 0, np.where(np.greater(x, 1.0), x, 3.0), x) + 1.0)
    )


# power_slope(x1, x2) is x2 * x1 ** (x2 - 1), exactly 0 where x2 == 0 (also at x1 == 0);
# its domain (power_domain): x1 > 0, or x1 != 0 with an integer x2
@rule("numpy.power", "numpy.float_power", "operator.pow", "builtins.pow", elementwise=True)
def power(y, x1, x2):
    d[x1] = unbroadcast(
        d[y] * power_slope(np.where(d[y] == 0, np.where(power_domain(x1, x2), x1, 1.0), x1), x2),
        x1,
    )
    d[x2] = unbroadcast(d[y] * y * safe_log(x1, y), x2)
    t[y] = t[x1] * power_slope(
        np.where(t[x1] == 0, np.where(power_domain(x1, x2), x1, 1.0), x1), x2
    ) + t[x2] * y * safe_log(np.where(t[x2] == 0, np.where(np.greater(x1, 0), x1, 1.0), x1), y)


# -- replacing values ------------------------------------------------------------------------


@rule("numpy.nan_to_num")
def nan_to_num(y, x, copy=True, nan=0.0, posinf=None, neginf=None):
    # NaN and infinite entries become constants (nan=, posinf=, neginf=): slope 0 there
    d[x] = finite_part(d[y], x)
    d[nan] = unbroadcast(np.where(np.isnan(x), d[y], 0.0), nan)
    d[posinf] = unbroadcast(np.where(np.isposinf(x), d[y], 0.0), posinf)
    d[neginf] = unbroadcast(np.where(np.isneginf(x), d[y], 0.0), neginf)
    t[y] = (
        finite_part(t[x], x)
        + t[nan] * np.isnan(x)
        + t[posinf] * np.isposinf(x)
        + t[neginf] * np.isneginf(x)
    )


@linear("numpy.real_if_close", constant=("tol",))
def real_if_close(y, a, tol=100):
    # the real part when every imaginary part is within tol machine epsilons of 0
    d[a] = d[y]
    t[y] = real_like(t[a], y)


nondifferentiable_object(override, "override")  # picks an option: bounds, ddof
nondifferentiable_object(order_sign, "order_sign")  # piecewise constant: an order
nondifferentiable_object(power_domain, "power_domain")  # where a power has a slope
nondifferentiable_object(clip_at_min, "clip_at_min")  # masks of np.clip's bounds
nondifferentiable_object(clip_at_max, "clip_at_max")
