"""``scipy.stats`` distributions: ``logpdf``/``pdf``/``cdf``/``logcdf``/``sf``/``logsf``
in every smooth argument (``x``, ``loc``, ``scale`` and the shapes).

Rules of a distribution's methods are keyed by the distribution object and the method,
so they attach although every attribute access makes a new bound method.
"""

from __future__ import annotations

import numpy as np
import scipy.special
import scipy.stats

from ...runtime import (
    betainc_da,
    betainc_db,
    curvature2,
    gammainc_da,
    lower_symmetric,
    lower_symmetric_adjoint,
    mvn_cotangent,
    mvn_cov,
    mvn_full_rank,
    mvn_residual,
    mvn_solve,
    reshaped_as,
    stdtr_ddf,
    unbroadcast,
)
from ..registry import d, exponential, linear_in, rule, t

# -- scipy.stats: distributions, in every smooth argument ---------------------------------
# z = (x - loc) / scale throughout; the integer k of poisson has derivative 0.


@rule("scipy.stats.norm.logpdf")
def norm_logpdf(y, x, loc=0.0, scale=1.0):
    z = (x - loc) / scale
    d[x] = unbroadcast(-d[y] * z / scale, x)
    d[loc] = unbroadcast(d[y] * z / scale, loc)
    d[scale] = unbroadcast(d[y] * (z * z - 1.0) / scale, scale)
    t[y] = -t[x] * z / scale + t[loc] * z / scale + t[scale] * (z * z - 1.0) / scale


@rule("scipy.stats.norm.cdf")
def norm_cdf(y, x, loc=0.0, scale=1.0):
    z = (x - loc) / scale
    p = np.exp(-0.5 * z * z) / (np.sqrt(2.0 * np.pi) * scale)
    d[x] = unbroadcast(d[y] * p, x)
    d[loc] = unbroadcast(-d[y] * p, loc)
    d[scale] = unbroadcast(-d[y] * p * z, scale)
    t[y] = t[x] * p - t[loc] * p - t[scale] * p * z


@rule("scipy.stats.norm.sf")
def norm_sf(y, x, loc=0.0, scale=1.0):
    z = (x - loc) / scale
    p = np.exp(-0.5 * z * z) / (np.sqrt(2.0 * np.pi) * scale)
    d[x] = unbroadcast(-d[y] * p, x)
    d[loc] = unbroadcast(d[y] * p, loc)
    d[scale] = unbroadcast(d[y] * p * z, scale)
    t[y] = -t[x] * p + t[loc] * p + t[scale] * p * z


@rule("scipy.stats.norm.logcdf")
def norm_logcdf(y, x, loc=0.0, scale=1.0):
    z = (x - loc) / scale
    r = np.exp(-0.5 * z * z - y) / (np.sqrt(2.0 * np.pi) * scale)  # pdf / cdf, stably
    d[x] = unbroadcast(d[y] * r, x)
    d[loc] = unbroadcast(-d[y] * r, loc)
    d[scale] = unbroadcast(-d[y] * r * z, scale)
    t[y] = t[x] * r - t[loc] * r - t[scale] * r * z


@rule("scipy.stats.norm.logsf")
def norm_logsf(y, x, loc=0.0, scale=1.0):
    z = (x - loc) / scale
    r = np.exp(-0.5 * z * z - y) / (np.sqrt(2.0 * np.pi) * scale)  # pdf / sf, stably
    d[x] = unbroadcast(-d[y] * r, x)
    d[loc] = unbroadcast(d[y] * r, loc)
    d[scale] = unbroadcast(d[y] * r * z, scale)
    t[y] = -t[x] * r + t[loc] * r + t[scale] * r * z


@rule("scipy.stats.t.logpdf")
def t_logpdf(y, x, df, loc=0.0, scale=1.0):
    z = (x - loc) / scale
    dz = -(df + 1.0) * z / (df + z * z)
    ddf = 0.5 * (
        scipy.special.digamma(0.5 * (df + 1.0))
        - scipy.special.digamma(0.5 * df)
        - 1.0 / df
        - np.log1p(z * z / df)
    ) + 0.5 * (df + 1.0) * z * z / (df * (df + z * z))
    d[x] = unbroadcast(d[y] * dz / scale, x)
    d[df] = unbroadcast(d[y] * ddf, df)
    d[loc] = unbroadcast(-d[y] * dz / scale, loc)
    d[scale] = unbroadcast(-d[y] * (1.0 + z * dz) / scale, scale)
    t[y] = t[x] * dz / scale + t[df] * ddf - t[loc] * dz / scale - t[scale] * (1.0 + z * dz) / scale


@rule("scipy.stats.gamma.logpdf")
def gamma_logpdf(y, x, a, loc=0.0, scale=1.0):
    z = (x - loc) / scale
    dz = (a - 1.0) / z - 1.0
    d[x] = unbroadcast(d[y] * dz / scale, x)
    d[a] = unbroadcast(d[y] * (np.log(z) - scipy.special.digamma(a)), a)
    d[loc] = unbroadcast(-d[y] * dz / scale, loc)
    d[scale] = unbroadcast(d[y] * (z - a) / scale, scale)
    t[y] = (
        t[x] * dz / scale
        + t[a] * (np.log(z) - scipy.special.digamma(a))
        - t[loc] * dz / scale
        + t[scale] * (z - a) / scale
    )


@rule("scipy.stats.beta.logpdf")
def beta_logpdf(y, x, a, b, loc=0.0, scale=1.0):
    z = (x - loc) / scale
    dz = (a - 1.0) / z - (b - 1.0) / (1.0 - z)
    da = np.log(z) - scipy.special.digamma(a) + scipy.special.digamma(a + b)
    db = np.log1p(-z) - scipy.special.digamma(b) + scipy.special.digamma(a + b)
    d[x] = unbroadcast(d[y] * dz / scale, x)
    d[a] = unbroadcast(d[y] * da, a)
    d[b] = unbroadcast(d[y] * db, b)
    d[loc] = unbroadcast(-d[y] * dz / scale, loc)
    d[scale] = unbroadcast(-d[y] * (z * dz + 1.0) / scale, scale)
    t[y] = (
        t[x] * dz / scale
        + t[a] * da
        + t[b] * db
        - t[loc] * dz / scale
        - t[scale] * (z * dz + 1.0) / scale
    )


@rule("scipy.stats.poisson.logpmf", constant=("k", "loc"))
def poisson_logpmf(y, k, mu, loc=0):
    d[mu] = unbroadcast(d[y] * ((k - loc) / mu - 1.0), mu)
    t[y] = t[mu] * ((k - loc) / mu - 1.0)


# -- scipy.stats: multivariate distributions -------------------------------------------------
# multivariate_normal reads the lower triangle of cov (scipy.linalg.eigh): as numpy.linalg's
# cholesky and eigh rules, the upper triangle has derivative 0


@rule("scipy.stats.multivariate_normal.logpdf")
def mvn_logpdf(y, x, mean=None, cov=1, allow_singular=False):
    r = mvn_residual(x, mean)
    c = lower_symmetric(mvn_cov(cov), False)
    s = mvn_solve(c, r, allow_singular)
    gb = mvn_cotangent(d[y], r)
    gs = gb[..., None] * s
    d[x] = unbroadcast(-gs, x)
    d[mean] = unbroadcast(gs, mean)
    d[cov] = lower_symmetric_adjoint(
        -0.5
        * (
            np.sum(gb) * np.linalg.inv(mvn_full_rank(c, allow_singular))
            - np.swapaxes(np.reshape(gs, (-1, np.shape(c)[0])), 0, 1)
            @ np.reshape(s, (-1, np.shape(c)[0]))
        ),
        False,
    )
    dc = lower_symmetric(mvn_cov(t[cov]), False)
    t[y] = reshaped_as(
        -np.sum(s * mvn_residual(t[x], t[mean]), axis=-1)
        - 0.5 * np.trace(np.linalg.solve(mvn_full_rank(c, allow_singular), dc))
        + 0.5 * np.einsum("...i,ij,...j->...", s, dc, s),
        y,
    )


# its logpdf's tangent reads the result for its shape, so the pdf has a rule of its own
@rule("scipy.stats.multivariate_normal.pdf")
def mvn_pdf(y, x, mean=None, cov=1, allow_singular=False):
    r = mvn_residual(x, mean)
    c = lower_symmetric(mvn_cov(cov), False)
    s = mvn_solve(c, r, allow_singular)
    gb = mvn_cotangent(d[y] * y, r)
    gs = gb[..., None] * s
    d[x] = unbroadcast(-gs, x)
    d[mean] = unbroadcast(gs, mean)
    d[cov] = lower_symmetric_adjoint(
        -0.5
        * (
            np.sum(gb) * np.linalg.inv(mvn_full_rank(c, allow_singular))
            - np.swapaxes(np.reshape(gs, (-1, np.shape(c)[0])), 0, 1)
            @ np.reshape(s, (-1, np.shape(c)[0]))
        ),
        False,
    )
    dc = lower_symmetric(mvn_cov(t[cov]), False)
    t[y] = y * reshaped_as(
        -np.sum(s * mvn_residual(t[x], t[mean]), axis=-1)
        - 0.5 * np.trace(np.linalg.solve(mvn_full_rank(c, allow_singular), dc))
        + 0.5 * np.einsum("...i,ij,...j->...", s, dc, s),
        y,
    )


@rule("scipy.stats.multivariate_normal.entropy")
def mvn_entropy(y, mean=None, cov=1):
    # 0.5 * log det(2 pi e cov): the mean does not enter it (its derivative is exactly 0)
    c = lower_symmetric(mvn_cov(cov), False)
    d[mean] = np.zeros_like(mean, dtype=float) * d[y]
    d[cov] = lower_symmetric_adjoint(0.5 * d[y] * np.linalg.inv(c), False)
    t[y] = 0.5 * np.trace(np.linalg.solve(c, lower_symmetric(mvn_cov(t[cov]), False)))


@rule("scipy.stats.dirichlet.logpdf")
def dirichlet_logpdf(y, x, alpha):
    # x: components along the first axis, (K,) or (K, N)
    a = np.reshape(alpha, np.shape(alpha) + (1,) * (np.ndim(x) - 1))
    d[x] = d[y] * (a - 1.0) / x
    d[alpha] = (scipy.special.digamma(np.sum(alpha)) - scipy.special.digamma(alpha)) * np.sum(
        d[y]
    ) + np.reshape(
        np.sum(np.reshape(d[y] * np.log(x), (np.shape(x)[0], -1)), axis=1), np.shape(alpha)
    )
    t[y] = (
        np.sum((a - 1.0) * t[x] / x, axis=0)
        + np.sum(t[alpha]) * scipy.special.digamma(np.sum(alpha))
        - np.sum(t[alpha] * scipy.special.digamma(alpha))
        + np.sum(np.reshape(t[alpha], np.shape(a)) * np.log(x), axis=0)
    )


@rule(mvn_solve, constant=("allow_singular",))
def mvn_solve_t(y, c, r, allow_singular):
    # c^-1 r; in c only where c has full rank (the pseudo-inverse jumps with its rank)
    t[y] = mvn_solve(c, t[r], allow_singular) - mvn_solve(
        mvn_full_rank(c, allow_singular), (t[c] @ y[..., None])[..., 0], allow_singular
    )


@rule(mvn_full_rank, constant=("allow_singular",))
def mvn_full_rank_t(y, c, allow_singular):
    t[y] = t[c]  # c itself, checked


linear_in(mvn_residual, "x", "mean")
linear_in(mvn_cov, "cov")
linear_in(mvn_cotangent, "g")
linear_in(reshaped_as, "v")


# -- cumulative distributions of the shape families: smooth in x, loc, scale (and mu) ------


@rule("scipy.stats.t.cdf")
def t_cdf(y, x, df, loc=0.0, scale=1.0):
    z = (x - loc) / scale
    p = scipy.stats.t.pdf(z, df) / scale
    d[x] = unbroadcast(d[y] * p, x)
    d[df] = unbroadcast(d[y] * stdtr_ddf(df, z), df)
    d[loc] = unbroadcast(-d[y] * p, loc)
    d[scale] = unbroadcast(-d[y] * p * z, scale)
    t[y] = t[x] * p - t[loc] * p - t[scale] * p * z + t[df] * stdtr_ddf(df, z)


@rule("scipy.stats.t.logcdf")
def t_logcdf(y, x, df, loc=0.0, scale=1.0):
    z = (x - loc) / scale
    r = np.exp(scipy.stats.t.logpdf(z, df) - y) / scale  # pdf / cdf, stably
    s = stdtr_ddf(df, z) * np.exp(-y)
    d[x] = unbroadcast(d[y] * r, x)
    d[df] = unbroadcast(d[y] * s, df)
    d[loc] = unbroadcast(-d[y] * r, loc)
    d[scale] = unbroadcast(-d[y] * r * z, scale)
    t[y] = t[x] * r - t[loc] * r - t[scale] * r * z + t[df] * s


@rule(stdtr_ddf)
def stdtr_ddf_t(r, df, z):
    # d/dz of dF/ddf is d/ddf of the density: the density times d logpdf / ddf
    t[r] = t[df] * curvature2(scipy.special.stdtr, 0, 0, df, z) + t[z] * scipy.stats.t.pdf(
        z, df
    ) * (
        0.5
        * (
            scipy.special.digamma(0.5 * (df + 1.0))
            - scipy.special.digamma(0.5 * df)
            - 1.0 / df
            - np.log1p(z * z / df)
        )
        + 0.5 * (df + 1.0) * z * z / (df * (df + z * z))
    )


@rule("scipy.stats.gamma.cdf")
def gamma_cdf(y, x, a, loc=0.0, scale=1.0):
    z = (x - loc) / scale
    p = np.exp((a - 1.0) * np.log(z) - z - scipy.special.gammaln(a)) / scale
    d[x] = unbroadcast(d[y] * p, x)
    d[a] = unbroadcast(d[y] * gammainc_da(a, z), a)
    d[loc] = unbroadcast(-d[y] * p, loc)
    d[scale] = unbroadcast(-d[y] * p * z, scale)
    t[y] = t[x] * p - t[loc] * p - t[scale] * p * z + t[a] * gammainc_da(a, z)


@rule("scipy.stats.beta.cdf")
def beta_cdf(y, x, a, b, loc=0.0, scale=1.0):
    z = (x - loc) / scale
    p = (
        np.exp((a - 1.0) * np.log(z) + (b - 1.0) * np.log1p(-z) - scipy.special.betaln(a, b))
        / scale
    )
    d[x] = unbroadcast(d[y] * p, x)
    d[a] = unbroadcast(d[y] * betainc_da(a, b, z), a)
    d[b] = unbroadcast(d[y] * betainc_db(a, b, z), b)
    d[loc] = unbroadcast(-d[y] * p, loc)
    d[scale] = unbroadcast(-d[y] * p * z, scale)
    t[y] = (
        t[x] * p
        - t[loc] * p
        - t[scale] * p * z
        + t[a] * betainc_da(a, b, z)
        + t[b] * betainc_db(a, b, z)
    )


# chi2(df) is gamma(df / 2) with scale 2: cdf(x) = gammainc(df / 2, z / 2)


@rule("scipy.stats.chi2.logpdf")
def chi2_logpdf(y, x, df, loc=0.0, scale=1.0):
    z = (x - loc) / scale
    dz = (0.5 * df - 1.0) / z - 0.5
    ddf = 0.5 * (np.log(0.5 * z) - scipy.special.digamma(0.5 * df))
    d[x] = unbroadcast(d[y] * dz / scale, x)
    d[df] = unbroadcast(d[y] * ddf, df)
    d[loc] = unbroadcast(-d[y] * dz / scale, loc)
    d[scale] = unbroadcast(-d[y] * (1.0 + z * dz) / scale, scale)
    t[y] = t[x] * dz / scale + t[df] * ddf - t[loc] * dz / scale - t[scale] * (1.0 + z * dz) / scale


@rule("scipy.stats.chi2.cdf")
def chi2_cdf(y, x, df, loc=0.0, scale=1.0):
    z = (x - loc) / scale
    p = np.exp((0.5 * df - 1.0) * np.log(0.5 * z) - 0.5 * z - scipy.special.gammaln(0.5 * df)) / (
        2.0 * scale
    )
    d[x] = unbroadcast(d[y] * p, x)
    d[df] = unbroadcast(d[y] * 0.5 * gammainc_da(0.5 * df, 0.5 * z), df)
    d[loc] = unbroadcast(-d[y] * p, loc)
    d[scale] = unbroadcast(-d[y] * p * z, scale)
    t[y] = t[x] * p - t[loc] * p - t[scale] * p * z + t[df] * 0.5 * gammainc_da(0.5 * df, 0.5 * z)


@rule("scipy.stats.poisson.cdf", constant=("k", "loc"))
def poisson_cdf(y, k, mu, loc=0):
    # d/dmu P(K <= k) = -pmf(floor(k - loc), mu)
    d[mu] = unbroadcast(-d[y] * scipy.stats.poisson.pmf(np.floor(k - loc), mu), mu)
    t[y] = -t[mu] * scipy.stats.poisson.pmf(np.floor(k - loc), mu)


# -- densities as the exponentials of their logarithms -------------------------------------

exponential("scipy.stats.norm.pdf", of="scipy.stats.norm.logpdf")
exponential("scipy.stats.t.pdf", of="scipy.stats.t.logpdf")
exponential("scipy.stats.gamma.pdf", of="scipy.stats.gamma.logpdf")
exponential("scipy.stats.beta.pdf", of="scipy.stats.beta.logpdf")
exponential("scipy.stats.poisson.pmf", of="scipy.stats.poisson.logpmf")
exponential("scipy.stats.dirichlet.pdf", of="scipy.stats.dirichlet.logpdf")
exponential("scipy.stats.chi2.pdf", of="scipy.stats.chi2.logpdf")


# -- session 32: the Laplace, logistic, Cauchy and exponential distributions ---------------------
# logpdf = l(z) - log(scale): d/dx = l'(z) / scale, d/dloc = -l'(z) / scale,
# d/dscale = -(1 + z l'(z)) / scale; a cdf F(z): d/dx = p, d/dloc = -p, d/dscale = -p z with
# p the pdf at x. The exponential distribution outside its support (x < loc): logpdf -inf,
# pdf and cdf 0, constant there (derivative 0).


@rule("scipy.stats.laplace.logpdf")
def laplace_logpdf(y, x, loc=0.0, scale=1.0):
    z = (x - loc) / scale
    s = -np.sign(z)
    d[x] = unbroadcast(d[y] * s / scale, x)
    d[loc] = unbroadcast(-d[y] * s / scale, loc)
    d[scale] = unbroadcast(-d[y] * (1.0 + z * s) / scale, scale)
    t[y] = (t[x] * s - t[loc] * s - t[scale] * (1.0 + z * s)) / scale


@rule("scipy.stats.logistic.logpdf")
def logistic_logpdf(y, x, loc=0.0, scale=1.0):
    z = (x - loc) / scale
    s = -np.tanh(0.5 * z)
    d[x] = unbroadcast(d[y] * s / scale, x)
    d[loc] = unbroadcast(-d[y] * s / scale, loc)
    d[scale] = unbroadcast(-d[y] * (1.0 + z * s) / scale, scale)
    t[y] = (t[x] * s - t[loc] * s - t[scale] * (1.0 + z * s)) / scale


@rule("scipy.stats.cauchy.logpdf")
def cauchy_logpdf(y, x, loc=0.0, scale=1.0):
    z = (x - loc) / scale
    s = -2.0 * z / (1.0 + z * z)
    d[x] = unbroadcast(d[y] * s / scale, x)
    d[loc] = unbroadcast(-d[y] * s / scale, loc)
    d[scale] = unbroadcast(-d[y] * (1.0 + z * s) / scale, scale)
    t[y] = (t[x] * s - t[loc] * s - t[scale] * (1.0 + z * s)) / scale


@rule("scipy.stats.expon.logpdf")
def expon_logpdf(y, x, loc=0.0, scale=1.0):
    z = (x - loc) / scale
    inside = np.where(z >= 0.0, 1.0, 0.0)
    d[x] = unbroadcast(-d[y] * inside / scale, x)
    d[loc] = unbroadcast(d[y] * inside / scale, loc)
    d[scale] = unbroadcast(d[y] * inside * (z - 1.0) / scale, scale)
    t[y] = inside * (-t[x] + t[loc] + t[scale] * (z - 1.0)) / scale


for _name in ("laplace", "logistic", "cauchy", "expon"):
    exponential(f"scipy.stats.{_name}.pdf", of=f"scipy.stats.{_name}.logpdf")


@rule("scipy.stats.laplace.cdf")
def laplace_cdf(y, x, loc=0.0, scale=1.0):
    z = (x - loc) / scale
    p = 0.5 * np.exp(-np.abs(z)) / scale
    d[x] = unbroadcast(d[y] * p, x)
    d[loc] = unbroadcast(-d[y] * p, loc)
    d[scale] = unbroadcast(-d[y] * p * z, scale)
    t[y] = t[x] * p - t[loc] * p - t[scale] * p * z


@rule("scipy.stats.logistic.cdf")
def logistic_cdf(y, x, loc=0.0, scale=1.0):
    z = (x - loc) / scale
    p = scipy.special.expit(z) * scipy.special.expit(-z) / scale
    d[x] = unbroadcast(d[y] * p, x)
    d[loc] = unbroadcast(-d[y] * p, loc)
    d[scale] = unbroadcast(-d[y] * p * z, scale)
    t[y] = t[x] * p - t[loc] * p - t[scale] * p * z


@rule("scipy.stats.cauchy.cdf")
def cauchy_cdf(y, x, loc=0.0, scale=1.0):
    z = (x - loc) / scale
    p = 1.0 / (np.pi * scale * (1.0 + z * z))
    d[x] = unbroadcast(d[y] * p, x)
    d[loc] = unbroadcast(-d[y] * p, loc)
    d[scale] = unbroadcast(-d[y] * p * z, scale)
    t[y] = t[x] * p - t[loc] * p - t[scale] * p * z


@rule("scipy.stats.expon.cdf")
def expon_cdf(y, x, loc=0.0, scale=1.0):
    z = (x - loc) / scale
    p = np.where(z >= 0.0, np.exp(-np.maximum(z, 0.0)), 0.0) / scale
    d[x] = unbroadcast(d[y] * p, x)
    d[loc] = unbroadcast(-d[y] * p, loc)
    d[scale] = unbroadcast(-d[y] * p * z, scale)
    t[y] = t[x] * p - t[loc] * p - t[scale] * p * z


# -- scipy.stats lognorm and uniform: logpdf, pdf, cdf in x, the shape s, loc and scale -------
# lognorm: y = (x - loc) / scale, u = log(y), logpdf = -log(s y scale sqrt(2 pi)) - u^2 / 2s^2,
# cdf = Phi(u / s); x <= loc is outside its support (logpdf -inf, cdf 0), constant there.
# uniform on [loc, loc + scale]: logpdf -log(scale) inside, cdf clip(z, 0, 1); piecewise
# constant in x and loc (0 at the ends, where only one-sided derivatives exist).


@rule("scipy.stats.lognorm.logpdf")
def lognorm_logpdf(y, x, s, loc=0.0, scale=1.0):
    inside = (x - loc) / scale > 0.0
    u = np.log(np.where(inside, (x - loc) / scale, 1.0))
    dx = np.where(inside, -(1.0 + u / (s * s)) / np.where(inside, x - loc, 1.0), 0.0)
    ds = np.where(inside, (u * u / (s * s) - 1.0) / s, 0.0)
    dscale = np.where(inside, u / (s * s * scale), 0.0)
    d[x] = unbroadcast(d[y] * dx, x)
    d[s] = unbroadcast(d[y] * ds, s)
    d[loc] = unbroadcast(-d[y] * dx, loc)
    d[scale] = unbroadcast(d[y] * dscale, scale)
    t[y] = (t[x] - t[loc]) * dx + t[s] * ds + t[scale] * dscale


@rule("scipy.stats.lognorm.cdf")
def lognorm_cdf(y, x, s, loc=0.0, scale=1.0):
    inside = (x - loc) / scale > 0.0
    u = np.log(np.where(inside, (x - loc) / scale, 1.0))
    p = np.where(inside, np.exp(-0.5 * (u / s) ** 2) / np.sqrt(2.0 * np.pi), 0.0)
    dx = p / (s * np.where(inside, x - loc, 1.0))
    d[x] = unbroadcast(d[y] * dx, x)
    d[s] = unbroadcast(-d[y] * p * u / (s * s), s)
    d[loc] = unbroadcast(-d[y] * dx, loc)
    d[scale] = unbroadcast(-d[y] * p / (s * scale), scale)
    t[y] = (t[x] - t[loc]) * dx - t[s] * p * u / (s * s) - t[scale] * p / (s * scale)


@rule("scipy.stats.uniform.logpdf", constant=("x", "loc"))
def uniform_logpdf(y, x, loc=0.0, scale=1.0):
    inside = np.where((x >= loc) & (x <= loc + scale), 1.0, 0.0)
    d[scale] = unbroadcast(-d[y] * inside / scale, scale)
    t[y] = -t[scale] * inside / scale


@rule("scipy.stats.uniform.cdf")
def uniform_cdf(y, x, loc=0.0, scale=1.0):
    z = (x - loc) / scale
    p = np.where((z > 0.0) & (z < 1.0), 1.0, 0.0) / scale
    d[x] = unbroadcast(d[y] * p, x)
    d[loc] = unbroadcast(-d[y] * p, loc)
    d[scale] = unbroadcast(-d[y] * p * z, scale)
    t[y] = t[x] * p - t[loc] * p - t[scale] * p * z


exponential("scipy.stats.lognorm.pdf", of="scipy.stats.lognorm.logpdf")
exponential("scipy.stats.uniform.pdf", of="scipy.stats.uniform.logpdf")
