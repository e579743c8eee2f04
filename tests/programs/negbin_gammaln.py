"""Negative binomial likelihood: gammaln of the differentiated dispersion."""

import autograd.numpy as np
from autograd.scipy.special import gammaln


def loss(params, counts):
    log_r, logit_p = params[0], params[1]
    r = np.exp(log_r)
    p = 1.0 / (1.0 + np.exp(-logit_p))
    ll = (
        gammaln(counts + r)
        - gammaln(r)
        - gammaln(counts + 1.0)
        + r * np.log(1 - p)
        + counts * np.log(p)
    )
    return -np.sum(ll)


def inputs():
    return np.array([0.4, 0.1]), np.array([0.0, 2.0, 5.0, 1.0, 3.0])
