"""Variational inference for a 2-D posterior where the objective reseeds NumPy's global
generator (np.random.seed(0)) and draws with np.random.randn each call, so the Monte Carlo
ELBO is a deterministic function; parameters are unpacked with *args-style helpers."""

import autograd.numpy as np
from autograd import grad
from autograd.misc.optimizers import adam


def log_target(z):
    return -0.5 * (z[:, 0] ** 2 + 4.0 * (z[:, 1] - 0.5 * z[:, 0] ** 2) ** 2)


def split(params, *sizes):
    out, start = [], 0
    for s in sizes:
        out.append(params[start : start + s])
        start += s
    return out


def loss(params, n_samples=16):
    np.random.seed(0)
    mu, log_sigma = split(params, 2, 2)
    eps = np.random.randn(n_samples, 2)
    z = mu + np.exp(log_sigma) * eps
    return -(np.mean(log_target(z)) + np.sum(log_sigma))


def inputs():
    return (np.array([0.2, -0.1, -0.5, -0.5]),)


def result():
    history = []
    out = adam(
        lambda p, i: grad(loss)(p),
        inputs()[0],
        step_size=0.05,
        num_iters=10,
        callback=lambda p, i, g: history.append(loss(p)),
    )
    return out, history
