"""GP regression: log marginal likelihood with np.linalg.cholesky and
scipy.linalg.solve_triangular, hyperparameters in a string-keyed dict of logs."""

import autograd.numpy as np
import autograd.numpy.random as npr
import autograd.scipy.linalg as spla


def rbf(x1, x2, log_ls, log_var):
    d = (x1[:, None, :] - x2[None, :, :]) / np.exp(log_ls)
    return np.exp(log_var) * np.exp(-0.5 * np.sum(d**2, axis=2))


def log_marginal(hypers, X, y):
    K = rbf(X, X, hypers["log_ls"], hypers["log_var"])
    K = K + (np.exp(hypers["log_noise"]) + 1e-6) * np.eye(len(y))
    L = np.linalg.cholesky(K)
    alpha = spla.solve_triangular(L, y, lower=True)
    return (
        -0.5 * np.dot(alpha, alpha) - np.sum(np.log(np.diag(L))) - 0.5 * len(y) * np.log(2 * np.pi)
    )


def loss(hypers, X, y):
    return -log_marginal(hypers, X, y)


def inputs():
    rs = npr.RandomState(7)
    X = rs.randn(8, 2)
    y = np.sin(X[:, 0]) + 0.1 * rs.randn(8)
    return {"log_ls": np.array([0.1, -0.2]), "log_var": 0.3, "log_noise": -1.0}, X, y
