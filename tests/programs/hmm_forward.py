"""HMM forward algorithm in log space; gradient w.r.t. unnormalised log parameters."""

import autograd.numpy as np
import autograd.numpy.random as npr


def normalize_logs(a, axis):
    m = np.max(a, axis=axis, keepdims=True)
    return a - (m + np.log(np.sum(np.exp(a - m), axis=axis, keepdims=True)))


def lse(a):
    m = np.max(a)
    return m + np.log(np.sum(np.exp(a - m)))


def loss(log_pi, log_A, log_B, obs):
    log_pi = normalize_logs(log_pi, 0)
    log_A = normalize_logs(log_A, 1)
    log_B = normalize_logs(log_B, 1)
    alpha = log_pi + log_B[:, obs[0]]
    for t in range(1, len(obs)):
        m = np.max(alpha)
        alpha = m + np.log(np.dot(np.exp(alpha - m), np.exp(log_A))) + log_B[:, obs[t]]
    return -lse(alpha)


ARGNUM = (0, 1, 2)


def inputs():
    rs = npr.RandomState(14)
    return rs.randn(3), rs.randn(3, 3), rs.randn(3, 4), rs.randint(0, 4, size=7)
