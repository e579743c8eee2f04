"""Hamiltonian Monte Carlo with grad inside the leapfrog loop (2-d banana target)."""

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd import grad


def log_target(x):
    return -0.5 * x[0] ** 2 - 0.5 * (x[1] - x[0] ** 2) ** 2 / 0.5


def loss(x):
    return -log_target(x)


grad_log_target = grad(log_target)


def leapfrog(x, p, step, n_steps):
    p = p + 0.5 * step * grad_log_target(x)
    for i in range(n_steps):
        x = x + step * p
        if i < n_steps - 1:
            p = p + step * grad_log_target(x)
    p = p + 0.5 * step * grad_log_target(x)
    return x, p


def hmc(x0, n_samples, rs, step=0.1, n_steps=10):
    x = x0
    samples = []
    for _ in range(n_samples):
        p0 = rs.randn(2)
        x_new, p_new = leapfrog(x, p0, step, n_steps)
        log_accept = log_target(x_new) - 0.5 * p_new @ p_new - log_target(x) + 0.5 * p0 @ p0
        if np.log(rs.rand()) < log_accept:
            x = x_new
        samples.append(x)
    return np.array(samples)


def inputs():
    return (np.array([0.5, -0.2]),)


def result():
    return hmc(np.array([0.5, -0.2]), 20, npr.RandomState(13))
