"""Deep kernel learning: an MLP maps inputs to features, an RBF kernel on the features,
the GP negative log marginal likelihood through np.linalg.cholesky and
autograd.scipy.linalg.solve_triangular (twice), the log-determinant from the factor's
diagonal; network weights and kernel hyperparameters in one dict."""

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd.scipy.linalg import solve_triangular


def features(params, X):
    h = np.tanh(np.dot(X, params["W1"]) + params["b1"])
    return np.dot(h, params["W2"])


def nll(params, X, y):
    F = features(params, X)
    d2 = np.sum(F**2, 1)[:, None] + np.sum(F**2, 1)[None, :] - 2 * np.dot(F, F.T)
    K = np.exp(params["log_amp"]) * np.exp(-0.5 * d2) + (
        np.exp(params["log_noise"]) + 1e-6
    ) * np.eye(len(y))
    L = np.linalg.cholesky(K)
    alpha = solve_triangular(L.T, solve_triangular(L, y, lower=True), lower=False)
    return 0.5 * np.dot(y, alpha) + np.sum(np.log(np.diag(L)))


def loss(params, X, y):
    return nll(params, X, y)


def inputs():
    rs = npr.RandomState(103)
    X = rs.randn(9, 2)
    y = np.sin(X[:, 0]) * np.cos(X[:, 1]) + 0.05 * rs.randn(9)
    params = {
        "W1": 0.5 * rs.randn(2, 4),
        "b1": np.zeros(4),
        "W2": 0.5 * rs.randn(4, 2),
        "log_amp": np.array(0.0),
        "log_noise": np.array(-2.0),
    }
    return params, X, y
