"""Entropic optimal transport as a differentiable loss (after the POT / "Sinkhorn
distances" tutorials): log-domain Sinkhorn iterations with logsumexp for a fixed number
of iterations and an early-stopping check on the marginal error, a squared Euclidean
cost matrix, and the transport cost <P, C> used to fit the positions of a point cloud to
a target cloud; a debiased Sinkhorn divergence subtracts the self-transport terms."""

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd import grad
from autograd.scipy.special import logsumexp

EPS = 0.1
N_ITERS = 30
TOL = 1e-9


def cost_matrix(x, y):
    return np.sum((x[:, None, :] - y[None, :, :]) ** 2, axis=-1)


def sinkhorn_log(a, b, C, eps=EPS, n_iters=N_ITERS, tol=TOL):
    log_a, log_b = np.log(a), np.log(b)
    f = np.zeros(len(a))
    g = np.zeros(len(b))
    for it in range(n_iters):
        f = -eps * logsumexp((g[None, :] - C) / eps + log_b[None, :], axis=1)
        g = -eps * logsumexp((f[:, None] - C) / eps + log_a[:, None], axis=0)
        log_P = (f[:, None] + g[None, :] - C) / eps + log_a[:, None] + log_b[None, :]
        err = np.sum(np.abs(np.sum(np.exp(log_P), axis=1) - a))
        if err < tol:
            break
    return np.exp(log_P)


def transport_cost(x, y, a, b):
    C = cost_matrix(x, y)
    P = sinkhorn_log(a, b, C)
    return np.sum(P * C)


def sinkhorn_divergence(x, y, a, b):
    return (
        transport_cost(x, y, a, b)
        - 0.5 * transport_cost(x, x, a, a)
        - 0.5 * transport_cost(y, y, b, b)
    )


rs = npr.RandomState(2662)
TARGET = rs.randn(7, 2) * 0.5 + np.array([1.0, -0.5])
A = np.full(6, 1 / 6)
B = np.full(7, 1 / 7)


def loss(x):
    return sinkhorn_divergence(x, TARGET, A, B)


def inputs():
    return (npr.RandomState(1).randn(6, 2),)


def result():
    x = inputs()[0]
    g = grad(loss)
    costs = []
    for step in range(5):
        x = x - 1.0 * g(x) / A[:, None]
        costs.append(loss(x))
    return x, np.array(costs)
