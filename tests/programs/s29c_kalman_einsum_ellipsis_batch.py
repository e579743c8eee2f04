"""A batch of independent 1-D random-walk Kalman filters written with broadcasting and
np.einsum over an ellipsis: the state mean and variance of each series are updated in
a for loop over time, the log likelihood of each innovation is accumulated, and the
loss is the negative total log likelihood in the log process and observation noises."""

import autograd.numpy as np
import autograd.numpy.random as npr

rs = npr.RandomState(29039)
N_SERIES, T = 4, 12
TRUTH = np.cumsum(0.3 * rs.randn(N_SERIES, T), axis=1)
OBS = TRUTH + 0.5 * rs.randn(N_SERIES, T)


def kalman_nll(log_noises, obs):
    q, r = np.exp(log_noises[0]), np.exp(log_noises[1])
    mean = np.zeros(obs.shape[0])
    var = np.ones(obs.shape[0])
    nll = 0.0
    for t in range(obs.shape[1]):
        var = var + q
        s = var + r
        innov = (obs[:, t] - mean)[:, None]
        quad = np.einsum("...i,...i->...", innov, innov / s[:, None])
        nll = nll + 0.5 * np.sum(quad + np.log(2 * np.pi * s))
        gain = var / s
        mean = mean + gain * innov[:, 0]
        var = (1 - gain) * var
    return nll


def loss(log_noises):
    return kalman_nll(log_noises, OBS)


def inputs():
    return (np.array([np.log(0.05), np.log(0.3)]),)
