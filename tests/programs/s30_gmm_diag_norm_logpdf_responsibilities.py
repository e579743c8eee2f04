"""A diagonal-covariance Gaussian mixture: per-component log densities from
scipy.stats.norm.logpdf summed over features (broadcast over [n, k, d]), mixture weights
from a softmax of logits, and the negative log likelihood by logsumexp; the parameters
are a tuple (logits, means, log_scales)."""

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd.scipy.special import logsumexp
from autograd.scipy.stats import norm

rs = npr.RandomState(3034)
DATA = np.concatenate([rs.randn(20, 2) * 0.4 + [1, 1], rs.randn(20, 2) * 0.6 - [1, 0]])


def log_likelihood(params, x):
    logits, means, log_scales = params
    log_w = logits - logsumexp(logits)
    comp = np.sum(norm.logpdf(x[:, None, :], means[None], np.exp(log_scales)[None]), axis=2)
    return np.sum(logsumexp(log_w + comp, axis=1))


def loss(params):
    return -log_likelihood(params, DATA) / len(DATA)


def inputs():
    r = npr.RandomState(34)
    return ((np.zeros(3), r.randn(3, 2), -0.5 * np.ones((3, 2))),)
