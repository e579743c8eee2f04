"""Variational objective with scipy.stats.norm.logpdf, as autograd's examples write it."""

import autograd.numpy as np
import autograd.numpy.random as npr
import autograd.scipy.stats.norm as norm


def loss(params, eps, data):
    mu, log_sigma = params[0], params[1]
    theta = mu + np.exp(log_sigma) * eps
    loglik = np.sum(norm.logpdf(data[None, :], theta[:, None], 1.0), axis=1)
    return -np.mean(loglik + norm.logpdf(theta, 0.0, 3.0)) - log_sigma


def inputs():
    rs = npr.RandomState(11)
    return np.array([0.2, -0.5]), rs.randn(16), rs.randn(10)
