"""A Poisson GLM with an exposure offset and a ridge prior: the full log-likelihood with
scipy.special.gammaln, a helper returning a dict of diagnostics besides the value."""

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd.scipy.special import gammaln


def poisson_loglik(beta, X, counts, exposure):
    eta = np.dot(X, beta) + np.log(exposure)
    rate = np.exp(eta)
    ll = counts * eta - rate - gammaln(counts + 1.0)
    return np.sum(ll), {"mean_rate": np.mean(rate), "n": len(counts)}


def loss(beta, X, counts, exposure, alpha=0.5):
    ll, info = poisson_loglik(beta, X, counts, exposure)
    return -ll / info["n"] + alpha * np.dot(beta[1:], beta[1:])


def inputs():
    rs = npr.RandomState(1908)
    X = np.hstack([np.ones((30, 1)), rs.randn(30, 2)])
    exposure = rs.uniform(0.5, 2.0, 30)
    counts = rs.poisson(exposure * np.exp(np.dot(X, [0.2, 0.5, -0.3]))).astype(float)
    return np.zeros(3), X, counts, exposure
