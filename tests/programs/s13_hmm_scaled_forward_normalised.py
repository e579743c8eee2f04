"""The scaled forward algorithm of an HMM with Gaussian emissions: each step normalises
alpha by its sum and accumulates the log of the scale factors; transition rows from a
softmax of free logits, emission means and a shared log std in a parameter tuple."""

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd.scipy.stats import norm


def softmax_rows(logits):
    e = np.exp(logits - np.max(logits, axis=1, keepdims=True))
    return e / np.sum(e, axis=1, keepdims=True)


def neg_loglik(params, obs):
    trans_logits, means, log_std = params
    A = softmax_rows(trans_logits)
    pi = np.ones(len(means)) / len(means)
    B = norm.pdf(obs[:, None], means[None, :], np.exp(log_std))
    alpha = pi * B[0]
    c = np.sum(alpha)
    alpha = alpha / c
    log_lik = np.log(c)
    for t in range(1, len(obs)):
        alpha = np.dot(alpha, A) * B[t]
        c = alpha.sum()
        alpha = alpha / c
        log_lik = log_lik + np.log(c)
    return -log_lik


def loss(params, obs):
    return neg_loglik(params, obs)


def inputs():
    rs = npr.RandomState(157)
    states = np.array([0, 0, 1, 1, 1, 0, 1, 0, 0, 1])
    obs = np.where(states == 0, -1.0, 1.5) + 0.4 * rs.randn(10)
    return (rs.randn(2, 2), np.array([-0.5, 0.5]), np.array(0.0)), obs
