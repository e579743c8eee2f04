"""A discrete HMM fitted by maximum likelihood: unconstrained logits for the initial,
transition and emission distributions (normalised with a log-softmax helper), the
forward algorithm in log space with logsumexp over the previous state, and the backward
pass and posterior marginals (gamma) computed with the same helpers for a Baum-Welch
style report in result(). loss is the negative log-likelihood of several sequences."""

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd import value_and_grad
from autograd.scipy.special import logsumexp

N_STATES, N_SYMBOLS = 3, 4


def log_normalize(logits, axis=-1):
    return logits - logsumexp(logits, axis=axis, keepdims=True)


def unpack(params):
    log_pi = log_normalize(params["pi"])
    log_A = log_normalize(params["A"], axis=1)
    log_B = log_normalize(params["B"], axis=1)
    return log_pi, log_A, log_B


def forward(log_pi, log_A, log_B, obs):
    log_alpha = log_pi + log_B[:, obs[0]]
    alphas = [log_alpha]
    for o in obs[1:]:
        log_alpha = logsumexp(log_alpha[:, None] + log_A, axis=0) + log_B[:, o]
        alphas.append(log_alpha)
    return np.array(alphas), logsumexp(log_alpha)


def backward(log_A, log_B, obs):
    T = len(obs)
    log_beta = np.zeros(N_STATES)
    betas = [log_beta]
    for t in range(T - 2, -1, -1):
        log_beta = logsumexp(log_A + log_B[:, obs[t + 1]] + log_beta, axis=1)
        betas.insert(0, log_beta)
    return np.array(betas)


def log_likelihood(params, sequences):
    log_pi, log_A, log_B = unpack(params)
    total = 0.0
    for obs in sequences:
        _, ll = forward(log_pi, log_A, log_B, obs)
        total = total + ll
    return total


def posteriors(params, obs):
    log_pi, log_A, log_B = unpack(params)
    log_alpha, ll = forward(log_pi, log_A, log_B, obs)
    log_beta = backward(log_A, log_B, obs)
    return np.exp(log_alpha + log_beta - ll)


rs = npr.RandomState(2651)
SEQUENCES = [rs.randint(0, N_SYMBOLS, size=T) for T in (7, 5, 9)]


def loss(params):
    return -log_likelihood(params, SEQUENCES) / sum(len(s) for s in SEQUENCES)


def inputs():
    r = npr.RandomState(4)
    return (
        {
            "pi": r.randn(N_STATES),
            "A": r.randn(N_STATES, N_STATES),
            "B": r.randn(N_STATES, N_SYMBOLS),
        },
    )


def result():
    params = inputs()[0]
    vg = value_and_grad(loss)
    trace = []
    for i in range(10):
        val, g = vg(params)
        params = {k: v - 0.5 * g[k] for k, v in params.items()}
        trace.append(val)
    gamma = posteriors(params, SEQUENCES[0])
    assert np.allclose(gamma.sum(axis=1), 1.0)
    return params, np.array(trace), gamma
