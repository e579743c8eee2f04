"""Entropic optimal transport between two point clouds with the plain-domain Sinkhorn
iterations u = a / (K v), v = b / (K^T u), a fixed number of sweeps; the transport cost
is differentiated with respect to the source points."""

import autograd.numpy as np
import autograd.numpy.random as npr


def cost_matrix(x, y):
    diff = x[:, None, :] - y[None, :, :]
    return np.sum(diff * diff, axis=2)


def sinkhorn(C, a, b, eps=0.5, n_iter=30):
    K = np.exp(-C / eps)
    u = np.ones_like(a)
    v = np.ones_like(b)
    for _ in range(n_iter):
        u = a / np.dot(K, v)
        v = b / np.dot(K.T, u)
    return u[:, None] * K * v[None, :]


def loss(x, y):
    n, m = x.shape[0], y.shape[0]
    a, b = np.ones(n) / n, np.ones(m) / m
    C = cost_matrix(x, y)
    P = sinkhorn(C, a, b)
    return np.sum(P * C)


def inputs():
    rs = npr.RandomState(139)
    return rs.randn(5, 2), rs.randn(6, 2) + 1.0
