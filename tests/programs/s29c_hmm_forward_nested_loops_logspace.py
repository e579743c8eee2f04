"""The forward algorithm of a discrete HMM in log space, written with plain nested
Python loops: for each time step and each state j, log_alpha_new[j] is the logsumexp over
i of log_alpha[i] + log_A[i, j], plus the emission log probability, collected in a
list and turned back into an array with np.array. Transition and emission matrices are
row-wise log-softmaxes of logits; the parameters are a tuple."""

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd.scipy.special import logsumexp

N_STATES = 3
N_SYMBOLS = 4
rs = npr.RandomState(29009)
OBS = [int(o) for o in rs.randint(0, N_SYMBOLS, size=9)]


def log_softmax_rows(logits):
    return logits - logsumexp(logits, axis=1, keepdims=True)


def forward(params, obs):
    pi_logits, trans_logits, emit_logits = params
    log_pi = pi_logits - logsumexp(pi_logits)
    log_A = log_softmax_rows(trans_logits)
    log_B = log_softmax_rows(emit_logits)
    log_alpha = log_pi + log_B[:, obs[0]]
    for t in range(1, len(obs)):
        new = []
        for j in range(N_STATES):
            new.append(logsumexp(log_alpha + log_A[:, j]) + log_B[j, obs[t]])
        log_alpha = np.array(new)
    return logsumexp(log_alpha)


def loss(params):
    return -forward(params, OBS)


def inputs():
    r = npr.RandomState(9)
    return ((r.randn(N_STATES), r.randn(N_STATES, N_STATES), r.randn(N_STATES, N_SYMBOLS)),)
