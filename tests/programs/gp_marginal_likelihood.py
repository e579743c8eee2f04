"""Gaussian process regression: negative log marginal likelihood via a Cholesky factor."""

import autograd.numpy as np
import autograd.numpy.random as npr


def rbf(x, xp, log_length, log_var):
    d = (x[:, None] - xp[None, :]) / np.exp(log_length)
    return np.exp(log_var) * np.exp(-0.5 * d**2)


def loss(log_params, x, y):
    log_length, log_var, log_noise = log_params[0], log_params[1], log_params[2]
    K = rbf(x, x, log_length, log_var) + (np.exp(log_noise) + 1e-6) * np.eye(len(x))
    L = np.linalg.cholesky(K)
    alpha = np.linalg.solve(L.T, np.linalg.solve(L, y))
    return 0.5 * np.dot(y, alpha) + np.sum(np.log(np.diag(L))) + 0.5 * len(x) * np.log(2 * np.pi)


def inputs():
    rs = npr.RandomState(7)
    x = np.linspace(-2, 2, 8)
    return np.array([0.1, -0.2, -1.0]), x, np.sin(x) + 0.1 * rs.randn(8)
