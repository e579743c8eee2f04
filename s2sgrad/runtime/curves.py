"""Derivatives of quadrature, interpolation and polynomials: ``np.trapezoid``,
``np.interp``, ``np.polyval``."""

from __future__ import annotations

import numpy as np

from .places import not_implemented


def _along_axis(v, like, axis):
    """1-D ``v`` shaped to broadcast along ``axis`` of ``like``."""
    shape = [1] * np.ndim(like)
    shape[axis] = -1
    return np.reshape(v, shape)


def _padded_along(v, before, after, axis):
    widths = [(0, 0)] * np.ndim(v)
    widths[axis] = (before, after)
    return np.pad(v, widths)


def trapezoid_weights(y, x, dx, axis):
    """Weights ``w`` with ``np.trapezoid(y, x, dx, axis) == np.sum(w * y, axis)``: half the
    spacing on each side of a sample."""
    axis = axis % np.ndim(y)
    if x is None:
        steps = _along_axis(np.full(np.shape(y)[axis] - 1, 1.0), y, axis) * dx
    elif np.ndim(x) == 1:
        steps = _along_axis(np.diff(x), y, axis)
    else:
        steps = np.diff(x, axis=axis)
    return (_padded_along(steps, 1, 0, axis) + _padded_along(steps, 0, 1, axis)) / 2.0


def trapezoid_spacing_slope(y, axis):
    """``d np.trapezoid(y, x, axis=axis) / dx`` for each sample position of ``x``, in
    ``y``'s shape: the mean of the two samples on its left minus those on its right."""
    axis = axis % np.ndim(y)
    mids = (
        np.take(y, np.arange(1, np.shape(y)[axis]), axis)
        + np.take(y, np.arange(np.shape(y)[axis] - 1), axis)
    ) / 2.0
    return _padded_along(mids, 1, 0, axis) - _padded_along(mids, 0, 1, axis)


def trapezoid_x_adjoint(g, y, x, axis):
    """Adjoint of ``np.trapezoid(y, x, axis=axis)`` in the sample positions ``x``."""
    axis = axis % np.ndim(y)
    full = np.expand_dims(g, axis) * trapezoid_spacing_slope(y, axis)
    if np.ndim(x) == 1:
        return np.sum(np.moveaxis(full, axis, -1).reshape(-1, np.shape(x)[0]), axis=0)
    return full


def trapezoid_x_tangent(tx, y, x, axis):
    """Tangent of ``np.trapezoid(y, x, axis=axis)`` along ``tx``, the tangent of ``x``."""
    axis = axis % np.ndim(y)
    tx = _along_axis(tx, y, axis) if np.ndim(x) == 1 else tx
    return np.sum(trapezoid_spacing_slope(y, axis) * tx, axis=axis)


def _interp_segments(x, xp, period):
    if period is not None:
        not_implemented(
            "s2sgrad: the derivative of np.interp with period= is not implemented"
            "; wrap x into one period first (np.mod) and extend xp and fp"
        )
    xp = np.asarray(xp)
    i = np.clip(np.searchsorted(xp, x, side="right") - 1, 0, len(xp) - 2)
    inside = (x >= xp[0]) & (x <= xp[-1])
    return i, inside, (x - xp[i]) / (xp[i + 1] - xp[i])


def interp_slope(x, xp, fp, left, right, period):
    """``d np.interp(x, xp, fp, ...) / dx``: the slope of the segment holding ``x`` (0
    outside ``xp``'s range, where the value is constant)."""
    i, inside, _ = _interp_segments(x, xp, period)
    fp, xp = np.asarray(fp), np.asarray(xp)
    return np.where(inside, (fp[i + 1] - fp[i]) / (xp[i + 1] - xp[i]), 0.0)


def interp_fp_adjoint(g, x, xp, fp, left, right, period):
    """Adjoint of ``np.interp(x, xp, fp, left, right)`` in ``fp``."""
    i, inside, frac = _interp_segments(x, xp, period)
    xp = np.asarray(xp)
    g = np.broadcast_to(g, np.shape(x))
    out = np.zeros(np.shape(fp), dtype=np.result_type(g, fp, float))
    np.add.at(out, i, np.where(inside, g * (1.0 - frac), 0.0))
    np.add.at(out, i + 1, np.where(inside, g * frac, 0.0))
    if left is None:  # below the range: fp[0]
        out[0] += np.sum(np.where(x < xp[0], g, 0.0))
    if right is None:
        out[-1] += np.sum(np.where(x > xp[-1], g, 0.0))
    return out


def interp_fp_tangent(tfp, x, xp, fp, left, right, period):
    """Tangent of ``np.interp(x, xp, fp, left, right)`` along ``tfp``, the tangent of
    ``fp`` (the given ``left``/``right`` are constants here)."""
    _interp_segments(x, xp, period)
    return np.interp(
        x, xp, tfp, left=None if left is None else 0.0, right=None if right is None else 0.0
    )


def trapezoid_dx_slope(y, x, axis):
    """``d np.trapezoid(y, x, dx, axis) / d dx``: the integral with unit spacing, or 0
    when ``x`` is given (``dx`` is not read then)."""
    if x is not None:
        return 0.0
    return np.sum(trapezoid_weights(y, None, 1.0, axis) * y, axis=axis)


def cumulative_sum_adjoint(g, x, axis, include_initial):
    """Adjoint of ``np.cumulative_sum(x, axis=axis, include_initial=include_initial)``."""
    axis = 0 if axis is None else axis
    if include_initial:
        g = np.take(g, np.arange(1, np.shape(g)[axis]), axis)
    return np.flip(np.cumsum(np.flip(g, axis), axis), axis)


def polyval_exponents(p):
    """The powers of ``x`` that ``np.polyval(p, x)`` multiplies ``p``'s coefficients by."""
    return np.arange(np.shape(p)[0] - 1, -1, -1, dtype=float)


def ascending_exponents(c):
    """The powers of ``x`` that ``numpy.polynomial.polynomial.polyval(x, c)`` multiplies
    ``c``'s coefficients by (lowest first); its derivative is written for a 1-D ``c``."""
    if np.ndim(c) != 1:
        not_implemented(
            "s2sgrad: the derivative of numpy.polynomial.polynomial.polyval is written for "
            "1-D coefficients c; evaluate each column of c in its own call"
        )
    return np.arange(np.shape(c)[0], dtype=float)
