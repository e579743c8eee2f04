"""Gaussian mixture log likelihood with scipy.special.logsumexp over components."""

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd.scipy.special import logsumexp


def loss(params, data):
    log_weights, means, log_stds = params
    log_weights = log_weights - logsumexp(log_weights)
    z = (data[:, None] - means[None, :]) / np.exp(log_stds)
    comp = -0.5 * z**2 - log_stds - 0.5 * np.log(2 * np.pi)
    return -np.sum(logsumexp(comp + log_weights, axis=1))


def inputs():
    rs = npr.RandomState(12)
    return (rs.randn(3), rs.randn(3), 0.1 * rs.randn(3)), rs.randn(20)
