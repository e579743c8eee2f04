"""Derivatives of SciPy's special functions in arguments without a closed form.

The derivative of ``gammainc(a, x)`` in ``a``, of ``betainc(a, b, x)`` in ``a`` and ``b``,
of Student's t cdf ``stdtr(df, t)`` in ``df`` and of the Bessel functions ``jv``, ``yv``,
``iv``, ``ive`` in the order ``v`` have no expression in functions SciPy provides. They are
computed here by central finite differences of the SciPy function itself, of high order
and with a step chosen for float64:

    f'(p) ~ [672 (f1 - f-1) - 168 (f2 - f-2) + 32 (f3 - f-3) - 3 (f4 - f-4)] / (840 h)

(``fk = f(p + k h)``, truncation error ``h^8 f^(9)(p) / 630``) with ``h = s / 64`` where
``s = min(1, distance from p to the end of the argument's domain)``: the stencil stays
inside the domain (``a > 0``; ``0 < x < 1`` for ``betainc``), the truncation error is
below ``1e-13`` relative for functions analytic within ``s`` of ``p``, and the rounding
error of SciPy's values (about ``1e-15`` relative) is amplified by about ``1 / h``, to
about ``1e-13`` relative to the function's values. Every estimate is checked against the
same stencil at the step ``2 h`` (whose truncation error is 256 times larger): where the
two disagree by more than ``1e-7`` relative (the function is not smooth at the scale of
the step there), :func:`param_slope` raises rather than return an inaccurate number.
``tests/test_scipy_rules.py`` validates the results against closed forms at special
points (``a = 1``, ``b = 1``, ``v = 1/2``) and against quadrature of the integral
representation of the t distribution's cdf, to ``1e-9`` relative.

Second derivatives (Hessians, forward over reverse) use the eighth-order stencil of the
second derivative (and of mixed derivatives, one stencil in each argument) with the same
steps; their rounding error is about ``1 / h^2`` times SciPy's, about ``1e-11``
relative. Third derivatives are not available (an error, never a number).
"""

from __future__ import annotations

import numpy as np

from .places import not_implemented

_INF = np.inf

# the domain of each argument of the functions differentiated here: (lower, upper) ends
_DOMAINS = {
    "gammainc": ((0.0, _INF), (0.0, _INF)),
    "gammaincc": ((0.0, _INF), (0.0, _INF)),
    "betainc": ((0.0, _INF), (0.0, _INF), (0.0, 1.0)),
    "stdtr": ((0.0, _INF), (-_INF, _INF)),
    "jv": ((-_INF, _INF), (-_INF, _INF)),
    "iv": ((-_INF, _INF), (-_INF, _INF)),
    "ive": ((-_INF, _INF), (-_INF, _INF)),
    "yv": ((-_INF, _INF), (0.0, _INF)),
}

_FIRST = ((1, 672.0), (2, -168.0), (3, 32.0), (4, -3.0))  # / 840 h
_SECOND = ((1, 8064.0), (2, -1008.0), (3, 128.0), (4, -9.0))  # / 5040 h^2, centre -14350
_CHECK = 1e-7


def _domain(fun, i: int):
    name = getattr(fun, "__name__", None)
    if name not in _DOMAINS:
        not_implemented(
            f"s2sgrad: no numerical derivative of {fun!r} is defined; "
            "register a rule with s2sgrad.register_vjp"
        )
    return _DOMAINS[name][i]


def _step(p, bounds):
    lo, hi = bounds
    s = np.minimum(1.0, np.minimum(p - lo, hi - p))
    return np.where(s > 0.0, s, np.nan) / 64.0


def _points(args):
    args = [np.asarray(a, dtype=float) for a in args]
    shape = np.broadcast_shapes(*(np.shape(a) for a in args))
    return [np.broadcast_to(a, shape) for a in args]


def _shifted(fun, args, i, h, k):
    moved = list(args)
    moved[i] = args[i] + k * h
    return fun(*moved)


def _first(fun, args, i, h):
    total = 0.0
    for k, c in _FIRST:
        total = total + c * (_shifted(fun, args, i, h, k) - _shifted(fun, args, i, h, -k))
    return total / (840.0 * h)


def param_slope(fun, i, *args):
    """``d fun(*args) / d args[i]`` by the eighth-order central difference of the module
    docstring; the shape of the broadcast arguments."""
    args = _points(args)
    h = _step(args[i], _domain(fun, i))
    with np.errstate(invalid="ignore"):
        out = _first(fun, args, i, h)
        coarse = _first(fun, args, i, 2.0 * h)
        scale = np.abs(out) + np.abs(fun(*args)) * 1e-3
        bad = np.abs(out - coarse) > _CHECK * scale + 1e-300
    if np.any(bad & np.isfinite(out)):
        raise FloatingPointError(
            f"s2sgrad: the derivative of scipy.special.{fun.__name__} in its argument {i} "
            "cannot be computed accurately here (the function is not smooth at the scale "
            "of the finite-difference step)"
        )
    return out


def param_curvature(fun, i, j, *args):
    """``d^2 fun(*args) / d args[i] d args[j]`` by eighth-order central differences."""
    args = _points(args)
    hi = _step(args[i], _domain(fun, i))
    if i == j:
        with np.errstate(invalid="ignore"):
            total = -14350.0 * fun(*args)
            for k, c in _SECOND:
                total = total + c * (_shifted(fun, args, i, hi, k) + _shifted(fun, args, i, hi, -k))
            return total / (5040.0 * hi * hi)
    hj = _step(args[j], _domain(fun, j))
    with np.errstate(invalid="ignore"):
        total = 0.0
        for k, c in _FIRST:
            plus, minus = list(args), list(args)
            plus[j] = args[j] + k * hj
            minus[j] = args[j] - k * hj
            total = total + c * (_first(fun, plus, i, hi) - _first(fun, minus, i, hi))
        return total / (840.0 * hj)


def gammainc_da(a, x):
    """``d gammainc(a, x) / da``, from ``gammaincc`` where ``gammainc`` is above 1/2
    (``P + Q = 1``: the derivative of the smaller one keeps its relative accuracy)."""
    import scipy.special

    with np.errstate(invalid="ignore"):
        upper = scipy.special.gammainc(a, x) > 0.5
    return np.where(
        upper,
        -_masked(scipy.special.gammaincc, 0, upper, a, x),
        _masked(scipy.special.gammainc, 0, ~upper, a, x),
    )


def betainc_da(a, b, x):
    """``d betainc(a, b, x) / da``, from ``I_x(a, b) = 1 - I_{1-x}(b, a)`` where the value
    is above 1/2."""
    import scipy.special

    with np.errstate(invalid="ignore"):
        upper = scipy.special.betainc(a, b, x) > 0.5
    return np.where(
        upper,
        -_masked(scipy.special.betainc, 1, upper, b, a, 1.0 - np.asarray(x)),
        _masked(scipy.special.betainc, 0, ~upper, a, b, x),
    )


def betainc_db(a, b, x):
    """``d betainc(a, b, x) / db`` (as :func:`betainc_da`)."""
    import scipy.special

    with np.errstate(invalid="ignore"):
        upper = scipy.special.betainc(a, b, x) > 0.5
    return np.where(
        upper,
        -_masked(scipy.special.betainc, 0, upper, b, a, 1.0 - np.asarray(x)),
        _masked(scipy.special.betainc, 1, ~upper, a, b, x),
    )


def stdtr_ddf(df, z):
    """``d stdtr(df, z) / d df`` (Student's t cdf), from the lower tail
    (``stdtr(df, z) = 1 - stdtr(df, -z)``)."""
    import scipy.special

    upper = np.asarray(z) > 0.0
    return np.where(
        upper,
        -_masked(scipy.special.stdtr, 0, upper, df, -np.asarray(z)),
        _masked(scipy.special.stdtr, 0, ~upper, df, z),
    )


def order_slope(fun, v, x):
    """``d fun(v, x) / dv`` for a Bessel function ``fun`` (``jv``, ``yv``, ``iv``, ``ive``)."""
    return param_slope(fun, 0, v, x)


def order_slope_dx(fun, v, x):
    """``d^2 fun(v, x) / dv dx`` from the recurrences of the x-derivatives, e.g.
    ``d jv(v, x) / dx = (jv(v - 1, x) - jv(v + 1, x)) / 2``, differentiated in ``v``."""
    name = getattr(fun, "__name__", None)
    below, above = order_slope(fun, v - 1.0, x), order_slope(fun, v + 1.0, x)
    if name in ("jv", "yv"):
        return (below - above) / 2.0
    if name == "iv":
        return (below + above) / 2.0
    if name == "ive":
        return (below + above) / 2.0 - np.sign(x) * order_slope(fun, v, x)
    not_implemented(
        f"s2sgrad: no derivative of {fun!r} in its order is defined; "
        "wrap the order in s2sgrad.stop_gradient(...)"
    )


def _masked(fun, i, mask, *args):
    """:func:`param_slope` where ``mask`` holds (0 elsewhere, which ``np.where`` discards)."""
    args = [np.asarray(a, dtype=float) for a in args]
    shape = np.broadcast_shapes(np.shape(mask), *(np.shape(a) for a in args))
    mask = np.broadcast_to(mask, shape)
    out = np.zeros(shape)
    if np.any(mask):
        out[mask] = param_slope(fun, i, *(np.broadcast_to(a, shape)[mask] for a in args))
    return out


def curvature2(fun, i, j, p, q):
    """Second derivative of ``fun(p, q)`` in its arguments ``i`` and ``j``."""
    return param_curvature(fun, i, j, p, q)


def curvature3(fun, i, j, p, q, r):
    """Second derivative of ``fun(p, q, r)`` in its arguments ``i`` and ``j``."""
    return param_curvature(fun, i, j, p, q, r)


def multigammaln_slope(a, d):
    """``d multigammaln(a, d) / da = sum_j digamma(a - j / 2)``, ``j < d``."""
    import scipy.special

    return np.sum(scipy.special.digamma(np.expand_dims(a, -1) - np.arange(d) / 2.0), axis=-1)


def multigammaln_curvature(a, d):
    """``d^2 multigammaln(a, d) / da^2 = sum_j polygamma(1, a - j / 2)``, ``j < d``."""
    import scipy.special

    return np.sum(scipy.special.polygamma(1, np.expand_dims(a, -1) - np.arange(d) / 2.0), axis=-1)
