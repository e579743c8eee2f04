"""Mixture density network: an MLP outputs mixture logits, means and log-stds; the
negative log-likelihood uses scipy.special.logsumexp over components."""

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd.scipy.special import logsumexp

K = 3


def init(rs, sizes):
    return [(rs.randn(m, n) * 0.5, np.zeros(n)) for m, n in zip(sizes[:-1], sizes[1:])]


def forward(params, x, nonlinearity=np.tanh):
    for W, b in params[:-1]:
        x = nonlinearity(np.dot(x, W) + b)
    W, b = params[-1]
    return np.dot(x, W) + b


def mdn_nll(params, x, y):
    out = forward(params, x)
    logits, mu, log_sigma = out[:, :K], out[:, K : 2 * K], out[:, 2 * K :]
    log_pi = logits - logsumexp(logits, axis=1, keepdims=True)
    z = (y[:, None] - mu) / np.exp(log_sigma)
    comp = -0.5 * z**2 - log_sigma - 0.5 * np.log(2 * np.pi)
    return -np.mean(logsumexp(log_pi + comp, axis=1))


def loss(params, x, y):
    return mdn_nll(params, x, y)


def inputs():
    rs = npr.RandomState(1)
    x = rs.randn(8, 1)
    y = np.sin(2 * x[:, 0]) + 0.1 * rs.randn(8)
    return init(rs, [1, 6, 3 * K]), x, y
