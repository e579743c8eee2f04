"""The log-likelihood of a univariate Hawkes process with an exponential kernel, computed
with Ogata's O(n) recursion A_i = exp(-beta dt) (1 + A_{i-1}) in a loop over the event
times; baseline, excitation and decay are softplus-transformed and all differentiated."""

import autograd.numpy as np
import autograd.numpy.random as npr

rs = npr.RandomState(2211)
EVENTS = np.cumsum(rs.exponential(0.7, 20))
HORIZON = EVENTS[-1] + 0.5


def softplus(x):
    return np.log1p(np.exp(x))


def hawkes_loglik(mu, alpha, beta, times, T):
    A = 0.0
    log_intensity = np.log(mu)
    for dt in np.diff(times):
        A = np.exp(-beta * dt) * (1.0 + A)
        log_intensity = log_intensity + np.log(mu + alpha * A)
    compensator = mu * T + (alpha / beta) * np.sum(1.0 - np.exp(-beta * (T - times)))
    return log_intensity - compensator


def loss(raw):
    mu, alpha, beta = softplus(raw[0]), softplus(raw[1]), softplus(raw[2])
    return -hawkes_loglik(mu, alpha, beta, EVENTS, HORIZON)


def inputs():
    return (np.array([0.2, -0.5, 0.4]),)
