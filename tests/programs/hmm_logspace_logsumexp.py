"""HMM forward algorithm in log space, as in autograd's hmm_em example but written from
scratch: log-normalized parameters, the recursion with logsumexp over axis 0 of
log_alpha[:, None] + log_A, an observation sequence of several lengths via a list of
sequences, and the mean log likelihood per sequence."""

import autograd.numpy as np
from autograd import grad
from autograd.scipy.special import logsumexp

N_STATES = 3
N_OBS = 4
SEQUENCES = [
    np.array([0, 1, 2, 3, 3, 1]),
    np.array([2, 2, 1, 0]),
    np.array([3, 0, 0, 1, 2, 2, 1]),
]


def log_normalize(x, axis=-1):
    return x - logsumexp(x, axis=axis, keepdims=True)


def forward_log_likelihood(log_pi, log_A, log_B, obs):
    log_alpha = log_pi + log_B[:, obs[0]]
    for o in obs[1:]:
        log_alpha = logsumexp(log_alpha[:, None] + log_A, axis=0) + log_B[:, o]
    return logsumexp(log_alpha)


def loss(theta):
    log_pi = log_normalize(theta["pi"])
    log_A = log_normalize(theta["A"], axis=1)
    log_B = log_normalize(theta["B"], axis=1)
    total = 0.0
    for seq in SEQUENCES:
        total = total + forward_log_likelihood(log_pi, log_A, log_B, seq) / len(seq)
    return -total / len(SEQUENCES)


def inputs():
    rs = np.random.RandomState(4)
    return (
        {
            "pi": rs.randn(N_STATES),
            "A": rs.randn(N_STATES, N_STATES),
            "B": rs.randn(N_STATES, N_OBS),
        },
    )


def result():
    theta = inputs()[0]
    for _ in range(3):
        g = grad(loss)(theta)
        theta = {k: v - 0.5 * g[k] for k, v in theta.items()}
    return theta
