"""A spectral-norm penalty by power iteration inside the loss: a while loop that stops when
the estimate changes less than a tolerance (or after max_iter), the largest singular
value u^T W v; the regression loss of a linear model plus that penalty."""

import autograd.numpy as np
import autograd.numpy.random as npr


def spectral_norm(W, tol=1e-10, max_iter=100):
    v = np.ones(W.shape[1]) / np.sqrt(W.shape[1])
    sigma, prev, it = 0.0, -1.0, 0
    while abs(sigma - prev) > tol and it < max_iter:
        u = np.dot(W, v)
        u = u / np.linalg.norm(u)
        v = np.dot(W.T, u)
        v = v / np.linalg.norm(v)
        prev, sigma = sigma, np.dot(u, np.dot(W, v))
        it += 1
    return sigma


def loss(W, X, Y):
    return np.mean((np.dot(X, W.T) - Y) ** 2) + 0.1 * spectral_norm(W) ** 2


def inputs():
    rs = npr.RandomState(81)
    X = rs.randn(12, 3)
    return rs.randn(2, 3), X, np.dot(X, rs.randn(3, 2))
