"""A Bayesian neural net with layer shapes as a list of tuples: the weights are one flat
vector cut into (W, b) pairs by a helper that loops `for m, n in shapes`; the variational
posterior is a diagonal Gaussian and the ELBO averages over noise drawn once."""

import autograd.numpy as np
import autograd.numpy.random as npr
import autograd.scipy.stats.norm as norm

SHAPES = [(1, 6), (6, 6), (6, 1)]
N_WEIGHTS = sum((m + 1) * n for m, n in SHAPES)


def unpack_layers(weights):
    layers = []
    offset = 0
    for m, n in SHAPES:
        W = weights[offset : offset + m * n].reshape((m, n))
        offset += m * n
        b = weights[offset : offset + n]
        offset += n
        layers.append((W, b))
    return layers


def predict(weights, x):
    h = x
    for i, (W, b) in enumerate(unpack_layers(weights)):
        h = np.dot(h, W) + b
        if i < len(SHAPES) - 1:
            h = np.tanh(h)
    return h


def log_posterior(weights, x, y, noise_std=0.1):
    log_prior = np.sum(norm.logpdf(weights, 0.0, 1.0))
    log_lik = np.sum(norm.logpdf(y, predict(weights, x), noise_std))
    return log_prior + log_lik


def loss(var_params, x, y, eps):
    mean, log_std = var_params[:N_WEIGHTS], var_params[N_WEIGHTS:]
    samples = mean + np.exp(log_std) * eps
    lp = sum(log_posterior(s, x, y) for s in samples) / len(samples)
    return -(lp + np.sum(log_std))


def inputs():
    rs = npr.RandomState(144)
    x = np.linspace(-1, 1, 8).reshape(-1, 1)
    y = np.sin(3 * x)
    params = np.concatenate([0.1 * rs.randn(N_WEIGHTS), -3 * np.ones(N_WEIGHTS)])
    return params, x, y, rs.randn(3, N_WEIGHTS)
