"""Variational inference with a mixture-of-Gaussians approximation: component means,
log-scales and mixture logits unpacked from one vector, samples drawn per component
from fixed noise (reparameterised), the mixture's log-density at every sample by
logsumexp over components, and an ELBO that weights each component's samples by its
mixture probability."""

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd.scipy.special import logsumexp
from autograd.scipy.stats import norm

K, D = 3, 2


def unpack(params):
    means = np.reshape(params[: K * D], (K, D))
    log_stds = np.reshape(params[K * D : 2 * K * D], (K, D))
    logits = params[2 * K * D :]
    return means, log_stds, logits - logsumexp(logits)


def mixture_logpdf(z, means, log_stds, log_weights):
    comp = np.sum(norm.logpdf(z[:, None, :], means[None], np.exp(log_stds)[None]), axis=2)
    return logsumexp(comp + log_weights[None, :], axis=1)


def target_logpdf(z):
    return -0.5 * np.sum(z**2, axis=1) - 0.5 * (z[:, 0] * z[:, 1] - 1.0) ** 2


def loss(params, eps):
    means, log_stds, log_weights = unpack(params)
    elbo = 0.0
    for k in range(K):
        z = means[k] + np.exp(log_stds[k]) * eps[k]
        gap = target_logpdf(z) - mixture_logpdf(z, means, log_stds, log_weights)
        elbo = elbo + np.exp(log_weights[k]) * np.mean(gap)
    return -elbo


def inputs():
    rs = npr.RandomState(108)
    params = np.concatenate([rs.randn(K * D), -0.5 * np.ones(K * D), np.zeros(K)])
    return params, rs.randn(K, 6, D)
