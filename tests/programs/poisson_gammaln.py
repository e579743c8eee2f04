"""Poisson regression log likelihood with scipy.special.gammaln."""

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd.scipy.special import gammaln


def loss(w, X, counts):
    log_rate = np.dot(X, w)
    return -np.sum(counts * log_rate - np.exp(log_rate) - gammaln(counts + 1.0))


def inputs():
    rs = npr.RandomState(28)
    return 0.3 * rs.randn(3), rs.randn(10, 3), rs.poisson(2.0, size=10).astype(float)
