"""A spectral-norm penalty computed by power iteration in a while loop that stops when
the change in the estimate falls under a tolerance or after max_iter
steps; the penalised weight matrix is fitted by least squares."""

import autograd.numpy as np
import autograd.numpy.random as npr

rs = npr.RandomState(3005)
X = rs.randn(20, 4)
Y = X @ rs.randn(4, 3)
V0 = np.ones(3) / np.sqrt(3.0)


def spectral_norm(W, tol=1e-10, max_iter=200):
    v = V0
    sigma, prev = 0.0, np.inf
    it = 0
    while it < max_iter and np.abs(sigma - prev) > tol:
        prev = sigma
        u = np.dot(W, v)
        u = u / np.linalg.norm(u)
        v = np.dot(W.T, u)
        sigma = np.linalg.norm(v)
        v = v / sigma
        it += 1
    return sigma


def loss(W):
    resid = np.dot(X, W) - Y
    return np.mean(resid**2) + 0.1 * spectral_norm(W) ** 2


def inputs():
    return (npr.RandomState(5).randn(4, 3),)
