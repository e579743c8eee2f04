"""Truncated Dirichlet-process mixture weights by stick breaking: betas from expit of
unconstrained values, the remaining stick as exp(cumsum(log(1 - beta))) shifted
with np.concatenate, a 1-D Gaussian mixture log-likelihood by logsumexp and a Beta(1, alpha)
prior on the breaks."""

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd.scipy.special import expit, logsumexp
from autograd.scipy.stats import norm


def stick_breaking(v):
    beta = expit(v)
    remaining = np.concatenate([np.ones(1), np.exp(np.cumsum(np.log(1 - beta)))[:-1]])
    return beta * remaining, beta


def loss(params, data, alpha=2.0):
    K = (len(params) + 1) // 3
    v, means, log_sd = params[: K - 1], params[K - 1 : 2 * K - 1], params[2 * K - 1 :]
    w, beta = stick_breaking(v)
    w = np.concatenate([w, 1 - np.sum(w, keepdims=True)])
    log_comp = norm.logpdf(data[:, None], means[None, :], np.exp(log_sd)[None, :])
    ll = np.sum(logsumexp(np.log(w)[None, :] + log_comp, axis=1))
    prior = np.sum((alpha - 1) * np.log(1 - beta))
    return -(ll + prior)


def inputs():
    rs = npr.RandomState(71)
    data = np.concatenate([rs.randn(6) - 2, rs.randn(6) + 2, 0.5 * rs.randn(4)])
    K = 4
    return np.concatenate([np.zeros(K - 1), np.linspace(-2, 2, K), np.zeros(K)]), data
