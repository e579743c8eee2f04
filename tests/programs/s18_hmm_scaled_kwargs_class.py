"""A Gaussian hidden Markov model fitted by gradient descent on its log-likelihood,
computed by the forward algorithm with scaling (each step's alpha normalised and the
log of the normaliser summed); the transition and initial probabilities come from
unconstrained logits through a softmax helper with **kwargs, the model is a class."""

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd.scipy.stats import norm


def softmax(x, **kwargs):
    e = np.exp(x - np.max(x, **kwargs, keepdims=True))
    return e / np.sum(e, **kwargs, keepdims=True)


class GaussianHMM:
    def __init__(self, n_states):
        self.n = n_states

    def unpack(self, params):
        init_logits, trans_logits, means, log_sd = params
        return softmax(init_logits, axis=0), softmax(trans_logits, axis=1), means, log_sd

    def log_likelihood(self, params, obs):
        pi, A, means, log_sd = self.unpack(params)
        total = 0.0
        alpha = pi * norm.pdf(obs[0], means, np.exp(log_sd))
        c = np.sum(alpha)
        total = total + np.log(c)
        alpha = alpha / c
        for x in obs[1:]:
            alpha = np.dot(alpha, A) * norm.pdf(x, means, np.exp(log_sd))
            c = np.sum(alpha)
            total += np.log(c)
            alpha = alpha / c
        return total


HMM = GaussianHMM(3)


def loss(params, obs):
    return -HMM.log_likelihood(params, obs) / len(obs)


def inputs():
    rs = npr.RandomState(7)
    obs = np.concatenate([rs.randn(6) - 2.0, rs.randn(5) + 1.5, rs.randn(4)])
    params = (0.1 * rs.randn(3), 0.3 * rs.randn(3, 3), np.array([-1.5, 0.0, 1.0]), np.zeros(3))
    return params, obs
