"""HMM forward algorithm in log space with a while loop; transition and emission matrices
from unconstrained logits via log-softmax; Gaussian emissions with scipy.stats.norm."""

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd.scipy.special import logsumexp
from autograd.scipy.stats import norm


def log_normalize(a, axis=-1):
    return a - logsumexp(a, axis=axis, keepdims=True)


def hmm_loglik(params, obs):
    log_pi = log_normalize(params["init"])
    log_A = log_normalize(params["trans"], axis=1)
    means = params["means"]
    log_alpha = log_pi + norm.logpdf(obs[0], means, 1.0)
    t = 1
    while t < len(obs):
        log_alpha = logsumexp(log_alpha[:, None] + log_A, axis=0) + norm.logpdf(obs[t], means, 1.0)
        t += 1
    return logsumexp(log_alpha)


def loss(params, obs):
    return -hmm_loglik(params, obs)


def inputs():
    rs = npr.RandomState(4)
    params = {"init": rs.randn(3), "trans": rs.randn(3, 3), "means": np.array([-1.0, 0.0, 2.0])}
    return params, rs.randn(7)
