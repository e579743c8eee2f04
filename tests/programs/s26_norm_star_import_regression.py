"""Heteroscedastic regression written against autograd's norm module by a star import
(from autograd.scipy.stats.norm import *): the mean and log-scale are linear in the
features, the likelihood is logpdf(y, loc, scale) and a logcdf term censors the
observations above a threshold, as in a Tobit-style model."""

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd.scipy.stats.norm import *  # noqa: F403

rs = npr.RandomState(2604)
X = np.hstack([np.ones((25, 1)), rs.randn(25, 2)])
Y = X @ np.array([0.5, 1.0, -1.0]) + np.exp(0.2 * X[:, 1]) * rs.randn(25)
CAP = 1.2
CENSORED = Y > CAP


def loss(params):
    beta, gamma = params[:3], params[3:]
    loc = np.dot(X, beta)
    scale = np.exp(np.dot(X, gamma))
    observed = logpdf(np.minimum(Y, CAP), loc, scale)  # noqa: F405
    tail = logsf(CAP, loc, scale)  # noqa: F405
    return -np.sum(np.where(CENSORED, tail, observed)) / len(Y)


def inputs():
    return (np.array([0.1, 0.2, -0.3, 0.0, 0.1, -0.1]),)
