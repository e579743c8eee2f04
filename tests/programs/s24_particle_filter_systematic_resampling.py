"""A bootstrap particle filter for a nonlinear growth model with systematic resampling:
the particles propagate with fixed noise, the log weights are normalised with logsumexp,
the resampling indices come from np.searchsorted on the weights' cumulative sum with a
fixed offset (integers, so the gradient flows through the gathered particles but not the
choice), and the log marginal likelihood estimate is differentiated in the model's
parameters."""

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd.scipy.special import logsumexp

N_PART, T = 30, 8
rs = npr.RandomState(2413)
PROCESS = rs.randn(T, N_PART)
OFFSETS = rs.rand(T)
INIT = rs.randn(N_PART)
OBS = np.array([0.3, 1.1, 2.0, 1.2, 0.1, -0.9, -0.5, 0.4])


def transition(x, t, a, b):
    return a * x + b * x / (1.0 + x**2) + np.cos(1.2 * t)


def systematic_indices(log_w, offset):
    w = np.exp(log_w - logsumexp(log_w))
    positions = (np.arange(N_PART) + offset) / N_PART
    cumulative = np.cumsum(w)
    return np.minimum(np.searchsorted(cumulative, positions), N_PART - 1)


def log_marginal(theta, ys):
    a, b, log_sigma, log_tau = theta
    sigma, tau = np.exp(log_sigma), np.exp(log_tau)
    x = INIT
    total = 0.0
    for t, y in enumerate(ys):
        x = transition(x, t, a, b) + sigma * PROCESS[t]
        log_w = -0.5 * ((y - 0.2 * x) / tau) ** 2 - np.log(tau) - 0.5 * np.log(2 * np.pi)
        total = total + logsumexp(log_w) - np.log(N_PART)
        x = x[systematic_indices(log_w, OFFSETS[t])]
    return total


def loss(theta):
    return -log_marginal(theta, OBS)


def inputs():
    return (np.array([0.5, 1.0, np.log(0.5), np.log(0.8)]),)
