"""SciPy: ``scipy.special`` and ``scipy.linalg``.

Loaded by :mod:`s2sgrad.rules` the first time a rule is looked up while ``scipy.special`` or
``scipy.linalg`` is imported (SciPy is an optional dependency; importing s2sgrad never
imports it); the rules of ``scipy.stats`` (``scipy_stats.py``) and ``scipy.signal``
(``scipy_signal.py``) load only once those modules are imported, which takes a second or
more. An argument without a derivative (the order ``v`` of a Bessel function, ``a`` of
``gammainc``) raises at run time when it is differentiated, never gives a zero.
"""

from __future__ import annotations

import numpy as np
import scipy.linalg
import scipy.special

from ..runtime import (
    cho_from_lower,
    cho_lower,
    cho_other,
    col_outer,
    expm_frechet,
    expm_frechet_da,
    flip_trans,
    item_or_zeros,
    lower_symmetric,
    lower_symmetric_adjoint,
    lse_weights,
    no_derivative,
    pair_first,
    part,
    reduce_adjoint,
    sylvester,
    triangular_matmul,
    triangular_outer,
    triangular_part,
    triangular_solve,
    triangular_solve_adjoint,
    unbroadcast,
)
from .registry import d, elementwise, linear_in, nondifferentiable_object, rule, t

# -- scipy.special: one argument ------------------------------------------------------------

elementwise("scipy.special.gammaln", lambda g, y, x: g * scipy.special.digamma(x))
elementwise("scipy.special.digamma", "scipy.special.psi",
            lambda g, y, x: g * scipy.special.polygamma(1, x))
elementwise("scipy.special.gamma", lambda g, y, x: g * y * scipy.special.digamma(x))
elementwise("scipy.special.erf", lambda g, y, x: g * (2.0 / np.sqrt(np.pi)) * np.exp(-x * x))
elementwise("scipy.special.erfc", lambda g, y, x: -g * (2.0 / np.sqrt(np.pi)) * np.exp(-x * x))
elementwise("scipy.special.erfinv", lambda g, y, x: g * (np.sqrt(np.pi) / 2.0) * np.exp(y * y))
elementwise("scipy.special.erfcinv",
            lambda g, y, x: -g * (np.sqrt(np.pi) / 2.0) * np.exp(y * y))
elementwise("scipy.special.expit", lambda g, y, x: g * y * (1.0 - y))
elementwise("scipy.special.log_expit", lambda g, y, x: g * scipy.special.expit(-x))
elementwise("scipy.special.logit", lambda g, y, x: g / (x * (1.0 - x)))
elementwise("scipy.special.ndtr", lambda g, y, x: g * np.exp(-0.5 * x * x) / np.sqrt(2.0 * np.pi))
elementwise("scipy.special.ndtri", lambda g, y, x: g * np.sqrt(2.0 * np.pi) * np.exp(0.5 * y * y))
elementwise("scipy.special.log_ndtr",
            lambda g, y, x: g * np.exp(-0.5 * x * x - y) / np.sqrt(2.0 * np.pi))
elementwise("scipy.special.i0", lambda g, y, x: g * scipy.special.i1(x))
elementwise("scipy.special.i1",
            lambda g, y, x: g * (scipy.special.i0(x) + scipy.special.iv(2, x)) / 2.0)
elementwise("scipy.special.j0", lambda g, y, x: -g * scipy.special.j1(x))
elementwise("scipy.special.j1",
            lambda g, y, x: g * (scipy.special.j0(x) - scipy.special.jv(2, x)) / 2.0)
elementwise("scipy.special.y0", lambda g, y, x: -g * scipy.special.y1(x))
elementwise("scipy.special.y1",
            lambda g, y, x: g * (scipy.special.y0(x) - scipy.special.yv(2, x)) / 2.0)
elementwise("scipy.special.entr", lambda g, y, x: -g * (np.log(x) + 1.0))

# -- scipy.special: two arguments --------------------------------------------------------

elementwise("scipy.special.xlogy", lambda g, y, x1, x2: (g * np.log(x2), g * x1 / x2))
elementwise("scipy.special.xlog1py",
            lambda g, y, x1, x2: (g * np.log1p(x2), g * x1 / (1.0 + x2)))
elementwise("scipy.special.rel_entr",
            lambda g, y, x1, x2: (g * (np.log(x1 / x2) + 1.0), -g * x1 / x2))
elementwise("scipy.special.beta", lambda g, y, a, b: (
    g * y * (scipy.special.digamma(a) - scipy.special.digamma(a + b)),
    g * y * (scipy.special.digamma(b) - scipy.special.digamma(a + b))))
elementwise("scipy.special.betaln", lambda g, y, a, b: (
    g * (scipy.special.digamma(a) - scipy.special.digamma(a + b)),
    g * (scipy.special.digamma(b) - scipy.special.digamma(a + b))))
# integer orders n and dimensions d: no derivative
elementwise("scipy.special.polygamma",
            lambda g, y, n, x: (None, g * scipy.special.polygamma(n + 1, x)))
elementwise("scipy.special.multigammaln", lambda g, y, a, d: (g * np.sum(
    scipy.special.digamma(np.expand_dims(a, -1) - np.arange(d) / 2.0), axis=-1), None))


# -- scipy.special: smooth in one argument only ------------------------------------------


@rule("scipy.special.iv")
def iv(y, v, x):
    d[v] = no_derivative("the derivative of scipy.special.iv(v, x) in the order v is not "
                         "implemented")
    d[x] = unbroadcast(d[y] * (scipy.special.iv(v - 1, x) + scipy.special.iv(v + 1, x)) / 2.0,
                       x)
    t[y] = t[x] * (scipy.special.iv(v - 1, x) + scipy.special.iv(v + 1, x)) / 2.0 + t[v] * \
        no_derivative("the derivative of scipy.special.iv(v, x) in v is not implemented")


@rule("scipy.special.ive")
def ive(y, v, x):
    # ive(v, x) = iv(v, x) * exp(-|x|)
    d[v] = no_derivative("the derivative of scipy.special.ive(v, x) in the order v is not "
                         "implemented")
    d[x] = unbroadcast(d[y] * ((scipy.special.ive(v - 1, x) + scipy.special.ive(v + 1, x))
                               / 2.0 - np.sign(x) * y), x)
    t[y] = t[x] * ((scipy.special.ive(v - 1, x) + scipy.special.ive(v + 1, x)) / 2.0
                   - np.sign(x) * y) + t[v] * no_derivative(
        "the derivative of scipy.special.ive(v, x) in v is not implemented")


@rule("scipy.special.jv")
def jv(y, v, x):
    d[v] = no_derivative("the derivative of scipy.special.jv(v, x) in the order v is not "
                         "implemented")
    d[x] = unbroadcast(d[y] * (scipy.special.jv(v - 1, x) - scipy.special.jv(v + 1, x)) / 2.0,
                       x)
    t[y] = t[x] * (scipy.special.jv(v - 1, x) - scipy.special.jv(v + 1, x)) / 2.0 + t[v] * \
        no_derivative("the derivative of scipy.special.jv(v, x) in v is not implemented")


@rule("scipy.special.yv")
def yv(y, v, x):
    d[v] = no_derivative("the derivative of scipy.special.yv(v, x) in the order v is not "
                         "implemented")
    d[x] = unbroadcast(d[y] * (scipy.special.yv(v - 1, x) - scipy.special.yv(v + 1, x)) / 2.0,
                       x)
    t[y] = t[x] * (scipy.special.yv(v - 1, x) - scipy.special.yv(v + 1, x)) / 2.0 + t[v] * \
        no_derivative("the derivative of scipy.special.yv(v, x) in v is not implemented")


@rule("scipy.special.gammainc")
def gammainc(y, a, x):
    d[a] = no_derivative("the derivative of scipy.special.gammainc(a, x) in a is not "
                         "implemented")
    d[x] = unbroadcast(d[y] * np.exp((a - 1.0) * np.log(x) - x - scipy.special.gammaln(a)), x)
    t[y] = t[x] * np.exp((a - 1.0) * np.log(x) - x - scipy.special.gammaln(a)) + t[a] * \
        no_derivative("the derivative of scipy.special.gammainc(a, x) in a is not implemented")


@rule("scipy.special.gammaincc")
def gammaincc(y, a, x):
    d[a] = no_derivative("the derivative of scipy.special.gammaincc(a, x) in a is not "
                         "implemented")
    d[x] = unbroadcast(-d[y] * np.exp((a - 1.0) * np.log(x) - x - scipy.special.gammaln(a)),
                       x)
    t[y] = -t[x] * np.exp((a - 1.0) * np.log(x) - x - scipy.special.gammaln(a)) + t[a] * \
        no_derivative("the derivative of scipy.special.gammaincc(a, x) in a is not "
                      "implemented")


# -- scipy.special: reductions -----------------------------------------------------------


@rule("scipy.special.logsumexp")
def logsumexp(y, a, axis=None, b=None, keepdims=False, return_sign=False):
    w = lse_weights(a, b, y, axis, keepdims, return_sign)
    d[a] = unbroadcast(reduce_adjoint(d[y], w, axis, keepdims) * w, a)
    d[b] = unbroadcast(reduce_adjoint(d[y], w, axis, keepdims) * lse_weights(
        a, None, y, axis, keepdims, return_sign), b)
    t[y] = np.sum(w * t[a], axis=axis, keepdims=keepdims) + np.sum(lse_weights(
        a, None, y, axis, keepdims, return_sign) * t[b], axis=axis, keepdims=keepdims)


@rule(lse_weights)
def lse_weights_t(w, a, b, y, axis, keepdims, return_sign):
    t[w] = w * (t[a] - reduce_adjoint(t[y], w, axis, keepdims)) + lse_weights(
        a, None, y, axis, keepdims, return_sign) * t[b]


@rule("scipy.special.softmax")
def softmax(y, x, axis=None):
    d[x] = y * (d[y] - np.sum(d[y] * y, axis=axis, keepdims=True))
    t[y] = y * (t[x] - np.sum(t[x] * y, axis=axis, keepdims=True))


@rule("scipy.special.log_softmax")
def log_softmax(y, x, axis=None):
    d[x] = d[y] - np.exp(y) * np.sum(d[y], axis=axis, keepdims=True)
    t[y] = t[x] - np.sum(np.exp(y) * t[x], axis=axis, keepdims=True)


# -- scipy.linalg --------------------------------------------------------------------------


@rule("scipy.linalg.solve_triangular")
def solve_triangular(y, a, b, trans=0, lower=False, unit_diagonal=False, overwrite_b=False,
                     check_finite=True):
    # only the triangle of a that is read has a derivative
    gb = triangular_solve_adjoint(d[y], a, trans, lower, unit_diagonal)
    d[b] = gb
    d[a] = -triangular_outer(gb, y, trans, lower, unit_diagonal)
    t[y] = triangular_solve(a, t[b] - triangular_matmul(t[a], y, trans, lower, unit_diagonal),
                            trans, lower, unit_diagonal)


nondifferentiable_object(flip_trans, "flip_trans")
linear_in(triangular_part, "m")


@rule(triangular_matmul)
def triangular_matmul_t(r, ta, y, trans, lower, unit_diagonal):
    t[r] = triangular_matmul(t[ta], y, trans, lower, unit_diagonal) + triangular_matmul(
        ta, t[y], trans, lower, unit_diagonal)


@rule(triangular_outer)
def triangular_outer_t(r, gb, y, trans, lower, unit_diagonal):
    t[r] = triangular_outer(t[gb], y, trans, lower, unit_diagonal) + triangular_outer(
        gb, t[y], trans, lower, unit_diagonal)


@rule(triangular_solve)
def triangular_solve_t(r, a, b, trans, lower, unit_diagonal):
    t[r] = triangular_solve(a, t[b] - triangular_matmul(t[a], r, trans, lower, unit_diagonal),
                            trans, lower, unit_diagonal)


@rule(triangular_solve_adjoint)
def triangular_solve_adjoint_t(r, g, a, trans, lower, unit_diagonal):
    t[r] = triangular_solve_adjoint(t[g] - triangular_matmul(
        t[a], r, flip_trans(trans), lower, unit_diagonal), a, trans, lower, unit_diagonal)


@rule("scipy.linalg.expm")
def expm(y, A):
    # the adjoint of a Frechet derivative is the Frechet derivative at the transpose
    d[A] = expm_frechet(np.swapaxes(A, -1, -2), d[y])
    t[y] = expm_frechet(A, t[A])


@rule(expm_frechet)
def expm_frechet_t(r, a, e):
    t[r] = expm_frechet(a, t[e]) + expm_frechet_da(a, e, t[a])


@rule("scipy.linalg.sqrtm")
def sqrtm(y, A, disp=True, blocksize=64):
    # y @ dy + dy @ y = dA (real square roots)
    yt = np.swapaxes(y, -1, -2)
    d[A] = sylvester(yt, yt, d[y])
    t[y] = sylvester(y, y, t[A])


@rule(sylvester)
def sylvester_t(x, a, b, q):
    t[x] = sylvester(a, b, t[q] - t[a] @ x - x @ t[b])


# scipy.linalg.cho_factor's c holds the factor in one triangle and a's entries in the other
# (what SciPy leaves there); cho_solve reads the factor's triangle only


@rule("scipy.linalg.cho_factor")
def cho_factor(y, a, lower=False, overwrite_a=False, check_finite=True):
    low = cho_lower(part(y, 0), lower)
    lt = np.swapaxes(low, -1, -2)
    gc = item_or_zeros(d[y], 0, a)
    s = lt @ cho_lower(gc, lower)
    phi = np.tril(s, -1) + 0.5 * np.triu(np.tril(s))
    w = np.linalg.solve(lt, np.swapaxes(np.linalg.solve(lt, np.swapaxes(phi, -1, -2)), -1, -2))
    d[a] = lower_symmetric_adjoint(w, not lower) + cho_other(gc, lower)
    m = np.linalg.solve(low, np.swapaxes(np.linalg.solve(low, lower_symmetric(
        t[a], not lower)), -1, -2))
    t[y] = (cho_from_lower(low @ (np.tril(m, -1) + 0.5 * np.triu(np.tril(m))), lower)
            + cho_other(t[a], lower), 0.0)


@rule("scipy.linalg.cho_solve")
def cho_solve(y, c_and_lower, b, overwrite_b=False, check_finite=True):
    # y = A^-1 b with A = L @ L.T: dA = dL @ L.T + L @ dL.T, and dL = (Abar + Abar.T) @ L
    low = cho_lower(part(c_and_lower, 0), part(c_and_lower, 1))
    gb = scipy.linalg.cho_solve(c_and_lower, d[y])
    abar = -col_outer(gb, y)
    d[b] = gb
    d[c_and_lower] = pair_first(cho_from_lower(np.tril((abar + np.swapaxes(abar, -1, -2)) @ low),
                                               part(c_and_lower, 1)))
    dl = cho_lower(part(t[c_and_lower], 0), part(c_and_lower, 1))
    t[y] = scipy.linalg.cho_solve(c_and_lower, t[b] - (dl @ np.swapaxes(low, -1, -2) + low @ (
        np.swapaxes(dl, -1, -2))) @ y)


linear_in(cho_lower, "c")
linear_in(cho_from_lower, "m")
linear_in(cho_other, "m")
linear_in(pair_first, "x")


@rule(col_outer)
def col_outer_t(r, a, b):
    t[r] = col_outer(t[a], b) + col_outer(a, t[b])
