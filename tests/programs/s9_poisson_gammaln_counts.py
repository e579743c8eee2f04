"""Poisson and negative-binomial count regression log-likelihoods with
scipy.special.gammaln; the dispersion is a log-parameter in a tuple."""

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd.scipy.special import gammaln


def negbin_logpmf(y, mu, r):
    return (
        gammaln(y + r)
        - gammaln(r)
        - gammaln(y + 1)
        + r * np.log(r / (r + mu))
        + y * np.log(mu / (r + mu))
    )


def loss(params, X, y):
    w, log_r = params
    mu = np.exp(np.dot(X, w))
    return -np.sum(negbin_logpmf(y, mu, np.exp(log_r)))


def inputs():
    rs = npr.RandomState(19)
    X = rs.randn(10, 2)
    y = rs.poisson(2.0, size=10).astype(float)
    return (0.1 * rs.randn(2), 0.5), X, y
