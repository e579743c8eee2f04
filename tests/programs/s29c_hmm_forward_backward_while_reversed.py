"""Forward-backward for a Gaussian-emission HMM in log space: the forward pass fills a list
of log alphas in a while loop, the backward pass walks reversed(range(T - 1)) and inserts
at the front of a list, and the loss is the expected complete-data log likelihood under
the (stopped-gradient-free) posterior marginals plus the marginal log likelihood. The
emission log densities are hand-written; parameters are a dict."""

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd.scipy.special import logsumexp

rs = npr.RandomState(29023)
OBS = np.concatenate([rs.randn(4) * 0.5 - 1.5, rs.randn(4) * 0.5 + 1.5, rs.randn(3) * 0.5])


def log_emissions(params, x):
    mu, log_sigma = params["mu"], params["log_sigma"]
    return -0.5 * ((x - mu) / np.exp(log_sigma)) ** 2 - log_sigma - 0.5 * np.log(2 * np.pi)


def forward_backward(params, obs):
    log_A = params["A"] - logsumexp(params["A"], axis=1, keepdims=True)
    log_pi = params["pi"] - logsumexp(params["pi"])
    T = len(obs)
    log_alphas = [log_pi + log_emissions(params, obs[0])]
    t = 1
    while t < T:
        prev = log_alphas[t - 1]
        log_alphas.append(logsumexp(prev[:, None] + log_A, axis=0) + log_emissions(params, obs[t]))
        t += 1
    log_betas = [np.zeros_like(log_pi)]
    for t in reversed(range(T - 1)):
        nxt = log_betas[0]
        log_betas.insert(0, logsumexp(log_A + log_emissions(params, obs[t + 1]) + nxt, axis=1))
    log_lik = logsumexp(log_alphas[-1])
    return log_alphas, log_betas, log_lik


def loss(params):
    log_alphas, log_betas, log_lik = forward_backward(params, OBS)
    expected = 0.0
    for t, (la, lb) in enumerate(zip(log_alphas, log_betas)):
        gamma = np.exp(la + lb - log_lik)
        expected = expected + np.sum(gamma * log_emissions(params, OBS[t]))
    return -log_lik - 0.1 * expected


def inputs():
    r = npr.RandomState(25)
    return (
        {
            "pi": r.randn(3),
            "A": r.randn(3, 3),
            "mu": np.array([-1.0, 0.0, 1.0]),
            "log_sigma": np.zeros(3),
        },
    )
