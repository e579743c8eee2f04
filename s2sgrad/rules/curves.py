"""Quadrature, interpolation, polynomials and running sums: ``np.trapezoid``,
``np.interp``, ``np.polyval``, ``np.ptp``, ``np.cumulative_sum``."""

from __future__ import annotations

import numpy as np

from ..runtime import (
    ascending_exponents,
    col_outer,
    cumulative_sum_adjoint,
    interp_fp_adjoint,
    interp_fp_tangent,
    interp_slope,
    no_second_derivative,
    polyfit_checked,
    polyval_exponents,
    real_if_real,
    select_adjoint,
    trapezoid_dx_slope,
    trapezoid_spacing_slope,
    trapezoid_weights,
    trapezoid_x_adjoint,
    trapezoid_x_tangent,
    unbroadcast,
    vander_powers,
)
from .registry import d, linear, linear_in, nondifferentiable_object, rule, t

_TRAPEZOID = [name for name in ("numpy.trapezoid", "numpy.trapz") if hasattr(np, name[6:])]


@rule(*_TRAPEZOID)
def trapezoid(r, y, x=None, dx=1.0, axis=-1):
    # sum(w * y) with w half the spacing on each side of a sample
    w = trapezoid_weights(y, x, dx, axis)
    unit = trapezoid_dx_slope(y, x, axis)
    d[y] = np.expand_dims(d[r], axis) * w
    d[x] = trapezoid_x_adjoint(d[r], y, x, axis)
    d[dx] = unbroadcast(d[r] * unit, dx)
    t[r] = np.sum(w * t[y], axis=axis) + trapezoid_x_tangent(t[x], y, x, axis) + t[dx] * unit


linear_in(trapezoid_weights, "x", "dx")
linear_in(trapezoid_spacing_slope, "y")
linear_in(trapezoid_dx_slope, "y")


@rule(trapezoid_x_adjoint)
def trapezoid_x_adjoint_t(out, g, y, x, axis):
    t[out] = trapezoid_x_adjoint(t[g], y, x, axis) + trapezoid_x_adjoint(g, t[y], x, axis)


@rule(trapezoid_x_tangent)
def trapezoid_x_tangent_t(out, tx, y, x, axis):
    t[out] = trapezoid_x_tangent(t[tx], y, x, axis) + trapezoid_x_tangent(tx, t[y], x, axis)


@rule("numpy.interp")
def interp(y, x, xp, fp, left=None, right=None, period=None):
    # linear between the knots xp (no derivative in them), constant outside
    slope = interp_slope(x, xp, fp, left, right, period)
    d[x] = real_if_real(d[y] * slope, x)  # complex fp, real x: its real part
    d[fp] = interp_fp_adjoint(d[y], x, xp, fp, left, right, period)
    # x and xp may be lists
    d[left] = unbroadcast(d[y] * np.less(x, xp[0]), left)
    d[right] = unbroadcast(d[y] * np.greater(x, xp[-1]), right)
    t[y] = (
        slope * t[x]
        + interp_fp_tangent(t[fp], x, xp, fp, left, right, period)
        + t[left] * np.less(x, xp[0])
        + t[right] * np.greater(x, xp[-1])
    )


linear_in(interp_slope, "fp")


@rule(interp_fp_adjoint)
def interp_fp_adjoint_t(out, g, x, xp, fp, left, right, period):
    t[out] = interp_fp_adjoint(t[g], x, xp, fp, left, right, period) + no_second_derivative(
        t[x], "np.interp in x and fp together"
    )


@rule(interp_fp_tangent)
def interp_fp_tangent_t(out, tfp, x, xp, fp, left, right, period):
    t[out] = interp_fp_tangent(t[tfp], x, xp, fp, left, right, period) + no_second_derivative(
        t[x], "np.interp in x and fp together"
    )


@rule("numpy.polyval")
def polyval(y, p, x):
    k = polyval_exponents(p)
    slope = np.polyval(p[:-1] * k[:-1], x)
    powers = np.power(np.expand_dims(x, -1), k)
    d[x] = unbroadcast(d[y] * slope, x)
    d[p] = real_if_real(
        np.sum(np.reshape(np.expand_dims(d[y], -1) * powers, (-1, np.size(p))), axis=0), p
    )
    t[y] = np.polyval(t[p], x) + t[x] * slope


nondifferentiable_object(polyval_exponents, "polyval_exponents")


@rule("numpy.polyfit", constant=("deg", "rcond", "full", "cov"))
def polyfit(p, x, y, deg, rcond=None, full=False, w=None, cov=False):
    # p solves the least-squares problem v p = y of v = vander(x, deg + 1) (of full column
    # rank, polyfit_checked): np.linalg.lstsq's rule, v's cotangent put back on x
    xs = polyfit_checked(x, deg, rcond, full, w, cov)
    v = np.vander(xs, deg + 1)
    vt = np.swapaxes(v, -1, -2)
    k = vander_powers(xs, deg + 1, False)
    slope = np.where(k > 0.0, k * np.power(np.expand_dims(xs, -1), np.maximum(k - 1.0, 0.0)), 0.0)
    r = y - v @ p
    z = np.linalg.solve(vt @ v, d[p])
    d[y] = v @ z
    d[x] = np.sum((col_outer(r, z) - col_outer(v @ z, p)) * slope, axis=-1)
    tv = np.expand_dims(t[x], -1) * slope
    t[p] = np.linalg.solve(vt @ v, vt @ (t[y] - tv @ p) + np.swapaxes(tv, -1, -2) @ r)


@rule(polyfit_checked)
def polyfit_checked_t(y, x, deg, rcond, full, w, cov):
    # the identity: the checks are of x, not of its tangent
    t[y] = t[x]


@rule("numpy.polynomial.polynomial.polyval")
def polyval_ascending(y, x, c, tensor=True):
    # sum_k c[k] x**k (lowest power first; the order of np.polyval reversed)
    k = ascending_exponents(c)
    slope = np.polyval(np.flip(c[1:] * k[1:]), x)
    powers = np.power(np.expand_dims(x, -1), k)
    d[x] = unbroadcast(d[y] * slope, x)
    d[c] = real_if_real(
        np.sum(np.reshape(np.expand_dims(d[y], -1) * powers, (-1, np.size(c))), axis=0), c
    )
    t[y] = np.polynomial.polynomial.polyval(x, t[c], tensor) + t[x] * slope


nondifferentiable_object(ascending_exponents, "ascending_exponents")


@rule("numpy.ptp")
def ptp(y, a, axis=None, out=None, keepdims=False):
    hi = np.max(a, axis=axis, keepdims=keepdims)
    lo = np.min(a, axis=axis, keepdims=keepdims)
    d[a] = select_adjoint(d[y], hi, a, axis, keepdims) - select_adjoint(d[y], lo, a, axis, keepdims)
    t[y] = np.sum(
        (
            select_adjoint(np.ones_like(y), hi, a, axis, keepdims)
            - select_adjoint(np.ones_like(y), lo, a, axis, keepdims)
        )
        * t[a],
        axis=axis,
        keepdims=keepdims,
    )


if hasattr(np, "cumulative_sum"):  # NumPy 2.1

    @linear("numpy.cumulative_sum")
    def cumulative_sum(y, x, *, axis=None, dtype=None, out=None, include_initial=False):
        d[x] = cumulative_sum_adjoint(d[y], x, axis, include_initial)

    linear_in(cumulative_sum_adjoint, "g")

if hasattr(np, "matrix_transpose"):  # NumPy 2.0

    @linear("numpy.matrix_transpose", "numpy.linalg.matrix_transpose")
    def matrix_transpose(y, x):
        d[x] = np.swapaxes(d[y], -1, -2)
