"""Dirichlet-multinomial regression of count vectors: the concentration is exp of a
linear function of covariates, the log likelihood uses scipy.special.gammaln, and the
weights are a (D, K) matrix with an L2 penalty."""

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd.scipy.special import gammaln


def dm_loglik(counts, alpha):
    n = np.sum(counts, axis=1)
    A = np.sum(alpha, axis=1)
    return gammaln(A) - gammaln(n + A) + np.sum(gammaln(counts + alpha) - gammaln(alpha), axis=1)


def loss(W, X, counts, l2=0.01):
    alpha = np.exp(np.dot(X, W))
    return -np.mean(dm_loglik(counts, alpha)) + l2 * np.sum(W * W)


def inputs():
    rs = npr.RandomState(146)
    X = np.hstack([rs.randn(12, 2), np.ones((12, 1))])
    counts = rs.poisson(3.0, size=(12, 4)).astype(float)
    return 0.1 * rs.randn(3, 4), X, counts
