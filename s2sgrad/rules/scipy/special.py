"""``scipy.special``: elementwise functions, in every argument with a derivative.

An integer argument (the order ``n`` of ``polygamma``/``yn``, the dimension ``d`` of
``multigammaln``) has no derivative. Derivatives without a closed form (in the shape ``a``
of ``gammainc``, ``a``/``b`` of ``betainc``, the order ``v`` of the Bessel functions) are
computed numerically by the helpers of :mod:`s2sgrad.runtime.special`, whose docstring
gives the method and its accuracy.
"""

from __future__ import annotations

import numpy as np
import scipy.special

from ...runtime import (
    betainc_da,
    betainc_db,
    curvature2,
    curvature3,
    gammainc_da,
    lse_weights,
    multigammaln_curvature,
    multigammaln_slope,
    no_second_derivative,
    order_slope,
    order_slope_dx,
    reduce_adjoint,
    unbroadcast,
)
from ..registry import d, elementwise, rule, t

# -- scipy.special: one argument ------------------------------------------------------------

elementwise("scipy.special.gammaln", lambda g, y, x: g * scipy.special.digamma(x))
elementwise(
    "scipy.special.digamma", "scipy.special.psi", lambda g, y, x: g * scipy.special.polygamma(1, x)
)
elementwise("scipy.special.gamma", lambda g, y, x: g * y * scipy.special.digamma(x))
elementwise("scipy.special.erf", lambda g, y, x: g * (2.0 / np.sqrt(np.pi)) * np.exp(-x * x))
elementwise("scipy.special.erfc", lambda g, y, x: -g * (2.0 / np.sqrt(np.pi)) * np.exp(-x * x))
elementwise("scipy.special.erfinv", lambda g, y, x: g * (np.sqrt(np.pi) / 2.0) * np.exp(y * y))
elementwise("scipy.special.erfcinv", lambda g, y, x: -g * (np.sqrt(np.pi) / 2.0) * np.exp(y * y))
elementwise("scipy.special.expit", lambda g, y, x: g * y * (1.0 - y))
elementwise("scipy.special.log_expit", lambda g, y, x: g * scipy.special.expit(-x))
elementwise("scipy.special.logit", lambda g, y, x: g / (x * (1.0 - x)))
elementwise("scipy.special.ndtr", lambda g, y, x: g * np.exp(-0.5 * x * x) / np.sqrt(2.0 * np.pi))
elementwise("scipy.special.ndtri", lambda g, y, x: g * np.sqrt(2.0 * np.pi) * np.exp(0.5 * y * y))
elementwise(
    "scipy.special.log_ndtr", lambda g, y, x: g * np.exp(-0.5 * x * x - y) / np.sqrt(2.0 * np.pi)
)
elementwise("scipy.special.i0", lambda g, y, x: g * scipy.special.i1(x))
elementwise(
    "scipy.special.i1", lambda g, y, x: g * (scipy.special.i0(x) + scipy.special.iv(2, x)) / 2.0
)
elementwise("scipy.special.j0", lambda g, y, x: -g * scipy.special.j1(x))
elementwise(
    "scipy.special.j1", lambda g, y, x: g * (scipy.special.j0(x) - scipy.special.jv(2, x)) / 2.0
)
elementwise("scipy.special.y0", lambda g, y, x: -g * scipy.special.y1(x))
elementwise(
    "scipy.special.y1", lambda g, y, x: g * (scipy.special.y0(x) - scipy.special.yv(2, x)) / 2.0
)
elementwise("scipy.special.entr", lambda g, y, x: -g * (np.log(x) + 1.0))

# -- scipy.special: two arguments --------------------------------------------------------

elementwise("scipy.special.xlogy", lambda g, y, x1, x2: (g * np.log(x2), g * x1 / x2))
elementwise("scipy.special.xlog1py", lambda g, y, x1, x2: (g * np.log1p(x2), g * x1 / (1.0 + x2)))
elementwise(
    "scipy.special.rel_entr", lambda g, y, x1, x2: (g * (np.log(x1 / x2) + 1.0), -g * x1 / x2)
)
elementwise(
    "scipy.special.beta",
    lambda g, y, a, b: (
        g * y * (scipy.special.digamma(a) - scipy.special.digamma(a + b)),
        g * y * (scipy.special.digamma(b) - scipy.special.digamma(a + b)),
    ),
)
elementwise(
    "scipy.special.betaln",
    lambda g, y, a, b: (
        g * (scipy.special.digamma(a) - scipy.special.digamma(a + b)),
        g * (scipy.special.digamma(b) - scipy.special.digamma(a + b)),
    ),
)
# integer orders n and dimensions d: no derivative
elementwise(
    "scipy.special.polygamma", lambda g, y, n, x: (None, g * scipy.special.polygamma(n + 1, x))
)
elementwise("scipy.special.multigammaln", lambda g, y, a, d: (g * multigammaln_slope(a, d), None))
elementwise(
    "scipy.special.yn",
    lambda g, y, n, x: (None, g * (scipy.special.yn(n - 1, x) - scipy.special.yn(n + 1, x)) / 2.0),
)
elementwise("scipy.special.rgamma", lambda g, y, x: -g * y * scipy.special.digamma(x))
# gammasgn is the sign of gamma(x): constant between the poles of gamma (it jumps only at
# 0, -1, -2, ..., where gamma is not defined), so its derivative is 0 wherever it is defined
elementwise("scipy.special.gammasgn", lambda g, y, x: g * 0.0)


@rule(multigammaln_slope)
def multigammaln_slope_t(r, a, d):
    t[r] = t[a] * multigammaln_curvature(a, d)


@rule(multigammaln_curvature)
def multigammaln_curvature_t(r, a, d):
    t[r] = no_second_derivative(t[a], "the second derivative of scipy.special.multigammaln")


# -- smooth in every argument, some derivatives numerical (s2sgrad/runtime/special.py) ----


@rule("scipy.special.jv")
def jv(y, v, x):
    d[v] = unbroadcast(d[y] * order_slope(scipy.special.jv, v, x), v)
    d[x] = unbroadcast(d[y] * (scipy.special.jv(v - 1, x) - scipy.special.jv(v + 1, x)) / 2.0, x)
    t[y] = (
        t[v] * order_slope(scipy.special.jv, v, x)
        + t[x] * (scipy.special.jv(v - 1, x) - scipy.special.jv(v + 1, x)) / 2.0
    )


@rule("scipy.special.yv")
def yv(y, v, x):
    d[v] = unbroadcast(d[y] * order_slope(scipy.special.yv, v, x), v)
    d[x] = unbroadcast(d[y] * (scipy.special.yv(v - 1, x) - scipy.special.yv(v + 1, x)) / 2.0, x)
    t[y] = (
        t[v] * order_slope(scipy.special.yv, v, x)
        + t[x] * (scipy.special.yv(v - 1, x) - scipy.special.yv(v + 1, x)) / 2.0
    )


@rule("scipy.special.iv")
def iv(y, v, x):
    d[v] = unbroadcast(d[y] * order_slope(scipy.special.iv, v, x), v)
    d[x] = unbroadcast(d[y] * (scipy.special.iv(v - 1, x) + scipy.special.iv(v + 1, x)) / 2.0, x)
    t[y] = (
        t[v] * order_slope(scipy.special.iv, v, x)
        + t[x] * (scipy.special.iv(v - 1, x) + scipy.special.iv(v + 1, x)) / 2.0
    )


@rule("scipy.special.ive")
def ive(y, v, x):
    # ive(v, x) = iv(v, x) * exp(-|x|)
    d[v] = unbroadcast(d[y] * order_slope(scipy.special.ive, v, x), v)
    d[x] = unbroadcast(
        d[y] * ((scipy.special.ive(v - 1, x) + scipy.special.ive(v + 1, x)) / 2.0 - np.sign(x) * y),
        x,
    )
    t[y] = t[v] * order_slope(scipy.special.ive, v, x) + t[x] * (
        (scipy.special.ive(v - 1, x) + scipy.special.ive(v + 1, x)) / 2.0 - np.sign(x) * y
    )


@rule(order_slope)
def order_slope_t(r, fun, v, x):
    t[r] = t[v] * curvature2(fun, 0, 0, v, x) + t[x] * order_slope_dx(fun, v, x)


@rule(order_slope_dx)
def order_slope_dx_t(r, fun, v, x):
    t[r] = no_second_derivative(t[v], "a Bessel function in its order") + no_second_derivative(
        t[x], "a Bessel function in its order"
    )


@rule("scipy.special.gammainc")
def gammainc(y, a, x):
    d[a] = unbroadcast(d[y] * gammainc_da(a, x), a)
    d[x] = unbroadcast(d[y] * np.exp((a - 1.0) * np.log(x) - x - scipy.special.gammaln(a)), x)
    t[y] = t[a] * gammainc_da(a, x) + t[x] * np.exp(
        (a - 1.0) * np.log(x) - x - scipy.special.gammaln(a)
    )


@rule("scipy.special.gammaincc")
def gammaincc(y, a, x):
    d[a] = unbroadcast(-d[y] * gammainc_da(a, x), a)
    d[x] = unbroadcast(-d[y] * np.exp((a - 1.0) * np.log(x) - x - scipy.special.gammaln(a)), x)
    t[y] = -t[a] * gammainc_da(a, x) - t[x] * np.exp(
        (a - 1.0) * np.log(x) - x - scipy.special.gammaln(a)
    )


@rule(gammainc_da)
def gammainc_da_t(r, a, x):
    # d/dx of dP/da is d/da of the density x^(a-1) e^-x / gamma(a)
    t[r] = t[a] * curvature2(scipy.special.gammainc, 0, 0, a, x) + t[x] * np.exp(
        (a - 1.0) * np.log(x) - x - scipy.special.gammaln(a)
    ) * (np.log(x) - scipy.special.digamma(a))


@rule("scipy.special.betainc")
def betainc(y, a, b, x):
    p = np.exp((a - 1.0) * np.log(x) + (b - 1.0) * np.log1p(-x) - scipy.special.betaln(a, b))
    d[a] = unbroadcast(d[y] * betainc_da(a, b, x), a)
    d[b] = unbroadcast(d[y] * betainc_db(a, b, x), b)
    d[x] = unbroadcast(d[y] * p, x)
    t[y] = t[a] * betainc_da(a, b, x) + t[b] * betainc_db(a, b, x) + t[x] * p


@rule(betainc_da)
def betainc_da_t(r, a, b, x):
    p = np.exp((a - 1.0) * np.log(x) + (b - 1.0) * np.log1p(-x) - scipy.special.betaln(a, b))
    t[r] = (
        t[a] * curvature3(scipy.special.betainc, 0, 0, a, b, x)
        + t[b] * curvature3(scipy.special.betainc, 0, 1, a, b, x)
        + t[x] * p * (np.log(x) - scipy.special.digamma(a) + scipy.special.digamma(a + b))
    )


@rule(betainc_db)
def betainc_db_t(r, a, b, x):
    p = np.exp((a - 1.0) * np.log(x) + (b - 1.0) * np.log1p(-x) - scipy.special.betaln(a, b))
    t[r] = (
        t[a] * curvature3(scipy.special.betainc, 1, 0, a, b, x)
        + t[b] * curvature3(scipy.special.betainc, 1, 1, a, b, x)
        + t[x] * p * (np.log1p(-x) - scipy.special.digamma(b) + scipy.special.digamma(a + b))
    )


@rule(curvature2)
def curvature2_t(r, fun, i, j, p, q):
    t[r] = no_second_derivative(t[p], f"{fun.__name__} in a shape argument") + no_second_derivative(
        t[q], f"{fun.__name__} in a shape argument"
    )


@rule(curvature3)
def curvature3_t(r, fun, i, j, p, q, s):
    t[r] = (
        no_second_derivative(t[p], f"{fun.__name__} in a shape argument")
        + no_second_derivative(t[q], f"{fun.__name__} in a shape argument")
        + no_second_derivative(t[s], f"{fun.__name__} in a shape argument")
    )


# -- scipy.special: reductions -----------------------------------------------------------


@rule("scipy.special.logsumexp")
def logsumexp(y, a, axis=None, b=None, keepdims=False, return_sign=False):
    w = lse_weights(a, b, y, axis, keepdims, return_sign)
    d[a] = unbroadcast(reduce_adjoint(d[y], w, axis, keepdims) * w, a)
    d[b] = unbroadcast(
        reduce_adjoint(d[y], w, axis, keepdims)
        * lse_weights(a, None, y, axis, keepdims, return_sign),
        b,
    )
    t[y] = np.sum(w * t[a], axis=axis, keepdims=keepdims) + np.sum(
        lse_weights(a, None, y, axis, keepdims, return_sign) * t[b], axis=axis, keepdims=keepdims
    )


@rule(lse_weights)
def lse_weights_t(w, a, b, y, axis, keepdims, return_sign):
    t[w] = (
        w * (t[a] - reduce_adjoint(t[y], w, axis, keepdims))
        + lse_weights(a, None, y, axis, keepdims, return_sign) * t[b]
    )


@rule("scipy.special.softmax")
def softmax(y, x, axis=None):
    d[x] = y * (d[y] - np.sum(d[y] * y, axis=axis, keepdims=True))
    t[y] = y * (t[x] - np.sum(t[x] * y, axis=axis, keepdims=True))


@rule("scipy.special.log_softmax")
def log_softmax(y, x, axis=None):
    d[x] = d[y] - np.exp(y) * np.sum(d[y], axis=axis, keepdims=True)
    t[y] = t[x] - np.sum(np.exp(y) * t[x], axis=axis, keepdims=True)


# -- session 32: more elementwise functions ---------------------------------------------------

elementwise("scipy.special.log1p", lambda g, y, x: g / (1.0 + x))
elementwise("scipy.special.expm1", lambda g, y, x: g * (y + 1.0))
elementwise("scipy.special.cbrt", lambda g, y, x: g / (3.0 * y * y))
elementwise("scipy.special.exp2", lambda g, y, x: g * y * np.log(2.0))
elementwise("scipy.special.exp10", lambda g, y, x: g * y * np.log(10.0))
elementwise("scipy.special.erfcx", lambda g, y, x: g * (2.0 * x * y - 2.0 / np.sqrt(np.pi)))
elementwise("scipy.special.dawsn", lambda g, y, x: g * (1.0 - 2.0 * x * y))
elementwise("scipy.special.loggamma", lambda g, y, x: g * scipy.special.digamma(x))
elementwise("scipy.special.exp1", lambda g, y, x: -g * np.exp(-x) / x)
elementwise("scipy.special.expi", lambda g, y, x: g * np.exp(x) / x)
elementwise("scipy.special.sindg", lambda g, y, x: g * scipy.special.cosdg(x) * (np.pi / 180.0))
elementwise("scipy.special.cosdg", lambda g, y, x: -g * scipy.special.sindg(x) * (np.pi / 180.0))
# exponentially scaled Bessel functions: i0e(x) = exp(-|x|) i0(x), k0e(x) = exp(x) k0(x)
elementwise("scipy.special.i0e", lambda g, y, x: g * (scipy.special.i1e(x) - np.sign(x) * y))
elementwise(
    "scipy.special.i1e",
    lambda g, y, x: g * ((scipy.special.i0e(x) + scipy.special.ive(2, x)) / 2.0 - np.sign(x) * y),
)
elementwise("scipy.special.k0", lambda g, y, x: -g * scipy.special.k1(x))
elementwise("scipy.special.k1", lambda g, y, x: -g * (scipy.special.k0(x) + y / x))
elementwise("scipy.special.k0e", lambda g, y, x: g * (y - scipy.special.k1e(x)))
elementwise("scipy.special.k1e", lambda g, y, x: g * (y - scipy.special.k0e(x) - y / x))
elementwise("scipy.special.kl_div", lambda g, y, x1, x2: (g * np.log(x1 / x2), g * (1.0 - x1 / x2)))
# huber(delta, r): r**2 / 2 where |r| <= delta, delta * (|r| - delta / 2) elsewhere
elementwise(
    "scipy.special.huber",
    lambda g, y, delta, r: (
        g * np.where(np.abs(r) <= delta, 0.0, np.abs(r) - delta),
        g * np.where(np.abs(r) <= delta, r, delta * np.sign(r)),
    ),
)
# pseudo_huber(delta, r) = delta**2 * (sqrt(1 + (r / delta)**2) - 1)
elementwise(
    "scipy.special.pseudo_huber",
    lambda g, y, delta, r: (
        g * (2.0 * y - r * r / np.sqrt(1.0 + (r / delta) ** 2)) / delta,
        g * r / np.sqrt(1.0 + (r / delta) ** 2),
    ),
)
if hasattr(scipy.special, "softplus"):  # SciPy 1.15+
    elementwise("scipy.special.softplus", lambda g, y, x: g * scipy.special.expit(x))

# binom(n, k) = gamma(n + 1) / (gamma(k + 1) gamma(n - k + 1)) and poch(z, m) =
# gamma(z + m) / gamma(z) in real arguments, away from the poles
elementwise(
    "scipy.special.binom",
    lambda g, y, n, k: (
        g * y * (scipy.special.digamma(n + 1.0) - scipy.special.digamma(n - k + 1.0)),
        g * y * (scipy.special.digamma(n - k + 1.0) - scipy.special.digamma(k + 1.0)),
    ),
)
elementwise(
    "scipy.special.poch",
    lambda g, y, z, m: (
        g * y * (scipy.special.digamma(z + m) - scipy.special.digamma(z)),
        g * y * scipy.special.digamma(z + m),
    ),
)


@rule("scipy.special.expn")
def expn(y, n, x):
    # the integer order n has no derivative
    d[x] = unbroadcast(-d[y] * scipy.special.expn(n - 1, x), x)
    t[y] = -t[x] * scipy.special.expn(n - 1, x)


@rule("scipy.special.gammaincinv")
def gammaincinv(y, a, p):
    # y solves gammainc(a, y) = p: dy = (dp - dP/da da) / pdf(y)
    pdf = np.exp((a - 1.0) * np.log(y) - y - scipy.special.gammaln(a))
    d[p] = unbroadcast(d[y] / pdf, p)
    d[a] = unbroadcast(-d[y] * gammainc_da(a, y) / pdf, a)
    t[y] = (t[p] - t[a] * gammainc_da(a, y)) / pdf


@rule("scipy.special.gammainccinv")
def gammainccinv(y, a, q):
    # y solves gammaincc(a, y) = q = 1 - gammainc(a, y)
    pdf = np.exp((a - 1.0) * np.log(y) - y - scipy.special.gammaln(a))
    d[q] = unbroadcast(-d[y] / pdf, q)
    d[a] = unbroadcast(-d[y] * gammainc_da(a, y) / pdf, a)
    t[y] = -(t[q] + t[a] * gammainc_da(a, y)) / pdf
