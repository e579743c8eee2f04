"""A discrete HMM's log-likelihood by the scaled forward algorithm in a while loop,
its transition and emission matrices from row-softmaxes of unconstrained logits held
in a tuple."""

import autograd.numpy as np
import autograd.numpy.random as npr


def row_softmax(a):
    e = np.exp(a - np.max(a, axis=1, keepdims=True))
    return e / np.sum(e, axis=1, keepdims=True)


def log_likelihood(logits, obs):
    trans_logits, emit_logits, init_logits = logits
    A = row_softmax(trans_logits)
    B = row_softmax(emit_logits)
    pi = row_softmax(init_logits[None, :])[0]
    alpha = pi * B[:, obs[0]]
    c = np.sum(alpha)
    alpha = alpha / c
    total = np.log(c)
    t = 1
    while t < len(obs):
        alpha = np.dot(alpha, A) * B[:, obs[t]]
        c = np.sum(alpha)
        alpha = alpha / c
        total = total + np.log(c)
        t += 1
    return total


def loss(logits, obs):
    return -log_likelihood(logits, obs)


def inputs():
    rs = npr.RandomState(1917)
    obs = rs.randint(0, 4, size=12)
    return (rs.randn(3, 3), rs.randn(3, 4), rs.randn(3)), obs
