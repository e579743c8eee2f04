"""Log-domain Sinkhorn iterations that run until the marginal error drops below a
tolerance (a while loop with a break on a plain number, capped by max_iter), with
scipy.special.logsumexp; the loss is the regularised transport cost."""

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd.scipy.special import logsumexp


def sinkhorn_log(C, log_a, log_b, eps=0.3, tol=1e-6, max_iter=200):
    f = np.zeros_like(log_a)
    g = np.zeros_like(log_b)
    it = 0
    while it < max_iter:
        f = eps * log_a - eps * logsumexp((g[None, :] - C) / eps, axis=1)
        g = eps * log_b - eps * logsumexp((f[:, None] - C) / eps, axis=0)
        log_P = (f[:, None] + g[None, :] - C) / eps
        err = np.max(np.abs(np.exp(logsumexp(log_P, axis=1)) - np.exp(log_a)))
        it += 1
        if err < tol:
            break
    return np.exp((f[:, None] + g[None, :] - C) / eps)


def loss(x, y):
    C = np.sum((x[:, None, :] - y[None, :, :]) ** 2, axis=-1)
    n, m = len(x), len(y)
    P = sinkhorn_log(C, np.log(np.ones(n) / n), np.log(np.ones(m) / m))
    return np.sum(P * C)


def inputs():
    rs = npr.RandomState(162)
    return rs.randn(4, 2), rs.randn(5, 2) + 0.5
