"""Probit regression with autograd.scipy.stats.norm: log-likelihood by norm.logcdf of the
signed linear predictor (labels in {-1, +1}), a Student-like prior written with np.log1p,
and the predictive probability norm.cdf in result()."""

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd import grad
from autograd.scipy.stats import norm


def log_posterior(w, X, t):
    z = t * np.dot(X, w)
    return np.sum(norm.logcdf(z)) - np.sum(np.log1p(w**2 / 3.0))


def loss(w, X, t):
    return -log_posterior(w, X, t)


def inputs():
    rs = npr.RandomState(78)
    X = np.hstack([rs.randn(16, 2), np.ones((16, 1))])
    t = np.sign(X[:, 0] - 0.5 * X[:, 1] + 0.3 * rs.randn(16))
    return np.zeros(3), X, t


def result():
    w, X, t = inputs()
    g = grad(loss)
    for _ in range(8):
        w = w - 0.05 * g(w, X, t)
    return w, norm.cdf(np.dot(X, w))
