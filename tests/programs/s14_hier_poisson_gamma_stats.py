"""Hierarchical Poisson counts: per-site log-rates with a gamma hyperprior on the rates
(autograd.scipy.stats.gamma.logpdf in the rate, with the log-Jacobian) and
poisson.logpmf for the observed counts; a MAP objective in the log-rates."""

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd.scipy.stats import gamma, poisson


def data():
    rs = npr.RandomState(1418)
    rates = rs.gamma(3.0, 1.5, size=7)
    exposure = rs.uniform(0.5, 2.0, size=7)
    return rs.poisson(rates * exposure), exposure


COUNTS, EXPOSURE = data()


def loss(log_rate, shape=3.0, scale=1.5):
    rate = np.exp(log_rate)
    lp = np.sum(poisson.logpmf(COUNTS, rate * EXPOSURE))
    lp = lp + np.sum(gamma.logpdf(rate / scale, shape) - np.log(scale) + log_rate)
    return -lp


def inputs():
    return (np.log(COUNTS + 0.5) - np.log(EXPOSURE),)
