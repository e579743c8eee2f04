"""A mixture of two linear regressions fitted by gradient ascent on the marginal
likelihood: mixing weights via a softmax of logits, per-component Gaussian log
likelihoods with scipy.stats.norm.logpdf, combined with scipy.special.logsumexp over
the component axis; parameters are a tuple (logits, coefs, log_sigmas)."""

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd.scipy.special import logsumexp
from autograd.scipy.stats import norm


def component_logliks(params, x, y):
    logits, coefs, log_sigmas = params
    log_w = logits - logsumexp(logits)
    means = coefs[:, 0][None, :] + coefs[:, 1][None, :] * x[:, None]
    return log_w[None, :] + norm.logpdf(y[:, None], means, np.exp(log_sigmas)[None, :])


def loss(params, x, y):
    ll = logsumexp(component_logliks(params, x, y), axis=1)
    assert ll.shape == x.shape
    return -np.sum(ll)


def inputs():
    rs = npr.RandomState(148)
    x = rs.uniform(-2, 2, 20)
    which = rs.rand(20) < 0.5
    y = np.where(which, 1.0 + 2.0 * x, -1.0 - x) + 0.2 * rs.randn(20)
    params = (np.zeros(2), np.array([[0.5, 1.0], [-0.5, -0.5]]), np.zeros(2))
    return params, x, y
