"""Partial derivatives of elementwise functions that need more than one
expression: powers, clip, abs, the parts of complex values, safe logarithms.
"""

from __future__ import annotations

import math

import numpy as np

from .adjoints import zeros_like
from .places import not_implemented
from .values import _is_complex, _is_zero


def real_only(x, what):
    """``x``, or s2sgrad's DerivativeNotImplementedError naming rule ``what`` at the user's
    line when ``x`` is complex: rules written for real values only read their arguments (or
    their results) through it (``registry.real_only``)."""
    if _is_complex(x) or isinstance(x, (tuple, list)) and any(map(_is_complex, x)):
        not_implemented(
            f"the derivative of {what} is defined for real values only, and it was reached "
            "by a complex value; take np.real/np.abs first, or write the complex rule with "
            "s2sgrad.custom_vjp"
        )
    return x


def ratio_or_zero(n, d):
    """``n / d``, and 0 where ``d`` is 0 (the derivative chosen at a kink, as for abs)."""
    if np.ndim(d) == 0 and np.ndim(n) == 0 and not hasattr(d, "shape"):
        return n / d if d != 0 else 0.0 * n
    zero = np.equal(d, 0)
    return np.where(zero, 0.0, n / np.where(zero, 1.0, d))


def log_of_base(base):
    """``math.log(base)``, the divisor that turns ``math.log(x)`` into
    ``math.log(x, base)``; 1.0 without a base (the natural logarithm)."""
    return 1.0 if base is None else math.log(base)


def scale_items(c, xs):
    """``[c * x for x in xs]``: the adjoints of ``math.hypot(*xs)`` from ``c = g / y``."""
    return [c * x for x in xs]


def dot_items(xs, ts):
    """``sum(x * t for x, t in zip(xs, ts))`` over the pairs where neither is a zero
    adjoint or tangent (``0.0``): the tangent of ``math.hypot(*xs)`` times its value."""
    total = 0.0
    for x, t in zip(xs, ts):
        if not (_is_zero(x) or _is_zero(t)):
            total = total + x * t
    return total


def power_slope(x, k):
    """``k * x ** (k - 1)``, the derivative of ``x ** k`` in ``x``: exactly 0 where
    ``k == 0`` (also at ``x == 0``, where the formula would give ``0 * inf``)."""
    return power_term(x, k, 1)


def power_domain(x, k):
    """Where ``x ** k`` has a derivative in ``x``: ``x > 0``, or ``x != 0`` with a whole
    number ``k`` (complex: off the cut ``x <= 0``). Object arrays compare their items; lazy
    arrays (Dask) stay lazy: nothing here converts its arguments."""
    if np.iscomplexobj(x) or np.iscomplexobj(k):
        whole = np.logical_and(np.equal(np.imag(k), 0), np.equal(np.mod(np.real(k), 1), 0))
        cut = np.logical_and(np.equal(np.imag(x), 0), np.less_equal(np.real(x), 0))
        return np.logical_or(np.logical_not(cut), np.logical_and(np.not_equal(x, 0), whole))
    whole = np.equal(np.mod(k, 1), 0)
    return np.logical_or(np.greater(x, 0), np.logical_and(np.not_equal(x, 0), whole))


def _falling(k, n):
    out = 1.0
    for i in range(n):
        out = out * (k - i)
    return out


def power_term(x, k, n):
    """``k (k - 1) ... (k - n + 1) x ** (k - n)``, the ``n``-th derivative of ``x ** k`` in
    ``x``: exactly 0 where the factor is 0 (an integer ``0 <= k < n``), also at ``x == 0``."""
    factor = _falling(k, n)
    if np.ndim(k) == 0 and not hasattr(k, "shape"):
        if factor == 0:
            return 0.0 * x
        return factor * x ** (k - n)
    zero = np.equal(factor, 0)
    return np.where(zero, 0.0, factor * x ** np.where(zero, n, k - n))


def power_term_dk(x, k, n):
    """Derivative of ``power_term(x, k, n)`` in ``k`` (``x > 0``; 0 where ``x <= 0``)."""
    slope = 0.0
    for i in range(n):
        part = 1.0
        for j in range(n):
            if j != i:
                part = part * (k - j)
        slope = slope + part
    return slope * x ** (k - n) + power_term(x, k, n) * safe_log(x)


def sinc_derivative(x, n):
    """The ``n``-th derivative of ``np.sinc`` at ``x`` (``n >= 1``), accurate at and near
    0: ``pi ** n`` times that of ``sin(u) / u`` at ``u = pi * x``, from its Taylor series
    where ``|u| < 1`` (the closed form is 0 / 0 at 0 and loses every digit near it), from
    Leibniz's rule on ``sin(u) * u ** -1`` elsewhere."""
    u = np.pi * x
    small = np.abs(u) < 1.0
    s = np.where(small, u, 0.0)
    series = 0.0 * s
    for m in range((n + 1) // 2, n // 2 + 13):
        # d^n/du^n of (-1)^m u^(2m) / (2m + 1)!
        series = series + (-1.0) ** m * _falling(2 * m, n) / math.factorial(2 * m + 1) * s ** (
            2 * m - n
        )
    w = np.where(small, 1.0, u)
    closed = 0.0 * w
    for k in range(n + 1):
        # C(n, k) sin^(n - k)(w) d^k(1 / w): sin^(j)(w) = sin(w + j pi / 2)
        closed = closed + math.comb(n, k) * np.sin(w + (n - k) * np.pi / 2) * (
            (-1.0) ** k * math.factorial(k) / w ** (k + 1)
        )
    out = np.pi**n * np.where(small, series, closed)
    return out if np.ndim(x) or hasattr(x, "shape") else out[()]


def _clip_slopes(x, lo, hi):
    """The slopes of ``np.clip(x, lo, hi) = minimum(maximum(x, lo), hi)`` in ``x`` and in
    ``maximum(x, lo)``: a tie goes to the bound (so the slope in ``x`` is 0 at a bound, as
    autograd's, and the slopes in ``x`` and a bound add up to 1 where they are equal:
    ``clip(x, x, hi)``)."""
    low = 1.0 if lo is None else np.greater(x, lo).astype(float)
    if hi is None:
        return low, 1.0
    return low, np.less(x if lo is None else np.maximum(x, lo), hi).astype(float)


def clip_adjoint(g, x, lo, hi):
    """``g`` where ``x`` lies strictly inside the bounds, 0 outside and at a bound."""
    low, high = _clip_slopes(x, lo, hi)
    return g * (low * high)


def clip_at_min(x, lo, hi):
    """How much of ``np.clip(x, lo, hi)`` is ``lo``: 1 where ``x`` is below it or at it
    (unless ``lo`` is not below ``hi``: NumPy's clip is ``minimum(maximum(x, lo), hi)``,
    ``hi`` there)."""
    low, high = _clip_slopes(x, lo, hi)
    return (1.0 - low) * high


def clip_at_max(x, lo, hi):
    """How much of ``np.clip(x, lo, hi)`` is ``hi``: 1 where ``maximum(x, lo)`` is above
    it or at it."""
    return 1.0 - _clip_slopes(x, lo, hi)[1]


def abs_slope(x):
    """The derivative of ``abs`` at ``x``: ``sign(x)`` for real ``x``, ``conj(x) / |x|``
    for complex ``x`` (0 at 0, as autograd and JAX)."""
    if _is_complex(x):
        return ratio_or_zero(np.conj(x), np.abs(x))
    return np.sign(x)


def real_adjoint(g, x):
    """Adjoint of ``np.real(x)``: ``g`` (complex-typed when ``x`` is complex, so later
    contributions can be added to it in place)."""
    if _is_complex(x):
        return np.real(g) + 0j
    return g


def imag_adjoint(g, x):
    """Adjoint of ``np.imag(x)``: ``-1j * g`` for complex ``x`` (the gradient of the
    imaginary part, in autograd's convention), 0 for real ``x``."""
    if _is_complex(x):
        return -1j * np.real(g)
    return 0.0 * np.real(g) + zeros_like(x)


def angle_slope(x, deg):
    """``d angle(x)`` is ``Re(angle_slope(x) * dx)``: ``conj(1j * x) / |x|**2``
    (0 at 0 and for real ``x``), times 180 / pi with ``deg``."""
    if not _is_complex(x):
        return zeros_like(x)
    out = ratio_or_zero(np.conj(1j * x), np.real(x * np.conj(x)))
    return out * (180.0 / np.pi) if deg else out


def safe_log(x, power=None):
    """log(x) for x > 0, 0 at x == 0 (the limit of x**y * log(x) for y > 0), and NaN for
    x < 0, where a real x**y has no derivative in y (as in NumPy, autograd and JAX). For a
    complex ``x`` or a complex result ``power`` of ``x ** y``: the principal log, 0 at 0."""
    if _is_complex(x) or _is_complex(power):
        return np.log(np.where(np.equal(x, 0), 1.0, x) + 0j)
    return np.log(np.where(np.greater(x, 0), x, np.where(np.less(x, 0), np.nan, 1.0)))


def safe_log_slope(x, power=None):
    """The derivative of :func:`safe_log` in ``x``: ``1 / x`` where the log is taken, else 0."""
    if _is_complex(x) or _is_complex(power):
        return ratio_or_zero(1.0, x + 0j)
    return np.where(np.greater(x, 0), 1.0 / np.where(np.greater(x, 0), x, 1.0), 0.0)


def finite_part(g, x):
    """``g`` where ``x`` is finite, 0 elsewhere (the derivative of ``np.nan_to_num``, which
    replaces the other entries by constants); complex ``x``: its real and imaginary parts
    are replaced separately, so each part of ``g`` is masked by its own."""
    if _is_complex(x):
        g = g + 0j
        return np.where(np.isfinite(np.real(x)), np.real(g), 0.0) + 1j * np.where(
            np.isfinite(np.imag(x)), np.imag(g), 0.0
        )
    return np.where(np.isfinite(x), g, 0.0)


def real_like(v, y):
    """``v`` as the tangent of ``y``: its real part when ``y`` is real (``np.real_if_close``
    dropped an imaginary part that was close to 0)."""
    return np.real(v) if _is_complex(v) and not _is_complex(y) else v


def override(value, new):
    """``new`` if it is given (not None), else ``value``: an option NumPy takes under two
    names (``np.clip``'s ``a_min``/``min``, ``np.var``'s ``ddof``/``correction``)."""
    return value if new is None else new


# -- np.sign of complex values: z / |z|, smooth away from 0 (real values: piecewise constant)


def sign_tangent(v, x):
    """The tangent of ``np.sign(x)`` for the tangent ``v`` of ``x``: ``(v - s Re(conj(s) v))
    / |x|`` with ``s = sign(x)`` for complex ``x`` (0 at 0), 0 for real ``x`` (a sign that
    is constant almost everywhere)."""
    if not _is_complex(x):
        return zeros_like(x)
    s = np.sign(x)
    return ratio_or_zero(v - s * np.real(np.conj(s) * v), np.abs(x))


def sign_adjoint(g, x):
    """The adjoint of ``np.sign(x)``, the transpose of :func:`sign_tangent` in autograd's
    convention: ``(g - Re(g s) conj(s)) / |x|`` for complex ``x``, 0 for real ``x``."""
    if not _is_complex(x):
        return zeros_like(x)
    s = np.sign(x)
    return ratio_or_zero(g - np.real(g * s) * np.conj(s), np.abs(x))


def sign_tangent_dx(v, x, e):
    """The derivative of :func:`sign_tangent` ``(v, x)`` in ``x`` along ``e``."""
    if not _is_complex(x):
        return zeros_like(x)
    s, ds, tangent = np.sign(x), sign_tangent(e, x), sign_tangent(v, x)
    change = -ds * np.real(np.conj(s) * v) - s * np.real(np.conj(ds) * v)
    return ratio_or_zero(change - tangent * np.real(np.conj(s) * e), np.abs(x))


def sign_adjoint_dx(g, x, e):
    """The derivative of :func:`sign_adjoint` ``(g, x)`` in ``x`` along ``e``."""
    if not _is_complex(x):
        return zeros_like(x)
    s, ds, adjoint = np.sign(x), sign_tangent(e, x), sign_adjoint(g, x)
    change = -np.real(g * ds) * np.conj(s) - np.real(g * s) * np.conj(ds)
    return ratio_or_zero(change - adjoint * np.real(np.conj(s) * e), np.abs(x))


def order_sign(x1, x2):
    """``np.sign(x1 - x2)`` for real values; for complex values the sign of their order as
    NumPy orders them (``np.maximum``: by real part, then by imaginary part), real ±1 or 0,
    not ``np.sign``'s ``(x1 - x2) / |x1 - x2|``."""
    if not (_is_complex(x1) or _is_complex(x2)):
        return np.sign(x1 - x2)
    difference = x1 - x2
    real = np.real(difference)
    return np.where(real == 0, np.sign(np.imag(difference)), np.sign(real))
