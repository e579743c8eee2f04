"""Estimating per-group noise variances from sample variances: (n - 1) s^2 / sigma^2
follows a chi-squared law with n - 1 degrees of freedom
(autograd.scipy.stats.chi2.logpdf), with the change-of-variables Jacobian and a
log-normal prior tying the groups together."""

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd.scipy.stats import chi2


def data():
    rs = npr.RandomState(1415)
    sizes = np.array([5, 8, 12, 6])
    sds = np.array([0.5, 1.0, 1.5, 0.8])
    s2 = np.array([np.var(rs.randn(n) * s, ddof=1) for n, s in zip(sizes, sds)])
    return sizes, s2


SIZES, S2 = data()


def loss(log_sigma, prior_mean=0.0, prior_sd=1.0):
    sigma2 = np.exp(2 * log_sigma)
    stat = (SIZES - 1) * S2 / sigma2
    loglik = np.sum(chi2.logpdf(stat, SIZES - 1) + np.log((SIZES - 1) / sigma2))
    prior = -0.5 * np.sum(((log_sigma - prior_mean) / prior_sd) ** 2)
    return -(loglik + prior)


def inputs():
    return (np.array([-0.5, 0.1, 0.3, -0.1]),)
