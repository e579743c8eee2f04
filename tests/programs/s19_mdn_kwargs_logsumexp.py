"""A mixture density network: an MLP with keyword options (activation, n_components)
outputs mixture logits, means and log-scales, split by slicing; the negative
log-likelihood through autograd.scipy.special.logsumexp and scipy.stats.norm.logpdf."""

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd.scipy.special import logsumexp
from autograd.scipy.stats import norm


def mlp(params, x, activation=np.tanh):
    (W1, b1), (W2, b2) = params
    return np.dot(activation(np.dot(x, W1) + b1), W2) + b2


def mdn_nll(params, x, y, n_components=3, **options):
    out = mlp(params, x, **options)
    k = n_components
    logits, means, log_scales = out[:, :k], out[:, k : 2 * k], out[:, 2 * k :]
    log_w = logits - logsumexp(logits, axis=1, keepdims=True)
    comp = norm.logpdf(y[:, None], means, np.exp(log_scales))
    return -np.mean(logsumexp(log_w + comp, axis=1))


def loss(params, x, y):
    return mdn_nll(params, x, y, n_components=3, activation=np.sin)


def inputs():
    rs = npr.RandomState(1918)
    x = rs.uniform(-1, 1, (20, 1))
    y = np.sin(3 * x[:, 0]) + 0.2 * rs.randn(20)
    params = [(0.5 * rs.randn(1, 8), np.zeros(8)), (0.3 * rs.randn(8, 9), np.zeros(9))]
    return params, x, y
