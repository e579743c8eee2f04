"""Entropic optimal transport between two point clouds by log-domain Sinkhorn iterations
(scipy logsumexp over rows and columns), the transport cost <P, C> differentiated in the
source points; a fixed number of iterations unrolled."""

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd.scipy.special import logsumexp


def cost_matrix(x, y):
    return np.sum((x[:, None, :] - y[None, :, :]) ** 2, axis=-1)


def sinkhorn(C, a, b, eps=0.1, n_iter=40):
    f = np.zeros_like(a)
    g = np.zeros_like(b)
    for _ in range(n_iter):
        f = eps * np.log(a) - eps * logsumexp((g[None, :] - C) / eps, axis=1)
        g = eps * np.log(b) - eps * logsumexp((f[:, None] - C) / eps, axis=0)
    log_P = (f[:, None] + g[None, :] - C) / eps
    return np.exp(log_P)


def loss(x, y, a, b):
    C = cost_matrix(x, y)
    P = sinkhorn(C, a, b)
    return np.sum(P * C)


def inputs():
    rs = npr.RandomState(59)
    x = rs.randn(5, 2)
    y = rs.randn(4, 2) + np.array([1.0, 0.5])
    return x, y, np.ones(5) / 5, np.ones(4) / 4
