"""A discrete HMM as a class: unconstrained logits turned into stochastic matrices with a
row softmax, the scaled forward algorithm over an observation list with enumerate, fancy
indexing of the emission matrix by the observation sequence, and the log likelihood."""

import autograd.numpy as np
from autograd import grad

OBS = [0, 1, 1, 2, 0, 2, 2, 1, 0, 0]
N_STATES, N_SYMBOLS = 3, 3


def row_softmax(logits):
    logits = logits - np.max(logits, axis=1, keepdims=True)
    e = np.exp(logits)
    return e / np.sum(e, axis=1, keepdims=True)


class HMM:
    def __init__(self, theta):
        k, m = N_STATES, N_SYMBOLS
        self.pi = row_softmax(theta[:k].reshape(1, k))[0]
        self.A = row_softmax(theta[k : k + k * k].reshape(k, k))
        self.B = row_softmax(theta[k + k * k :].reshape(k, m))

    def log_likelihood(self, obs):
        emissions = self.B[:, np.array(obs)].T  # (T, K)
        log_lik = 0.0
        alpha = None
        for t, o in enumerate(obs):
            if t == 0:
                alpha = self.pi * emissions[0]
            else:
                alpha = np.dot(alpha, self.A) * emissions[t]
            c = alpha.sum()
            alpha = alpha / c
            log_lik = log_lik + np.log(c)
        return log_lik


def loss(theta):
    return -HMM(theta).log_likelihood(OBS)


def inputs():
    n = N_STATES + N_STATES**2 + N_STATES * N_SYMBOLS
    return (np.random.RandomState(2).randn(n) * 0.5,)


def result():
    theta = inputs()[0]
    for _ in range(5):
        theta = theta - 0.1 * grad(loss)(theta)
    return theta
