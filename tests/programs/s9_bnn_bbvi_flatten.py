"""Bayesian neural net with black-box VI: a diagonal Gaussian over flattened weights,
unflattened with autograd.misc.flatten; Monte Carlo ELBO with fixed noise."""

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd.misc import flatten

RS = npr.RandomState(5)
TEMPLATE = [(RS.randn(1, 4), RS.randn(4)), (RS.randn(4, 1), RS.randn(1))]
_, UNFLATTEN = flatten(TEMPLATE)
D = sum(W.size + b.size for W, b in TEMPLATE)


def predict(weights, x):
    for W, b in UNFLATTEN(weights)[:-1]:
        x = np.tanh(np.dot(x, W) + b)
    W, b = UNFLATTEN(weights)[-1]
    return np.dot(x, W) + b


def log_joint(weights, x, y):
    prior = -0.5 * np.sum(weights**2)
    lik = -0.5 * np.sum((predict(weights, x) - y) ** 2) / 0.1**2
    return prior + lik


def elbo(var_params, x, y, noise):
    mean, log_std = var_params[:D], var_params[D:]
    total = 0.0
    for eps in noise:
        total = total + log_joint(mean + np.exp(log_std) * eps, x, y)
    entropy = np.sum(log_std)
    return total / len(noise) + entropy


def loss(var_params, x, y, noise):
    return -elbo(var_params, x, y, noise)


def inputs():
    rs = npr.RandomState(6)
    x = np.linspace(-2, 2, 6)[:, None]
    y = np.cos(x)
    return np.concatenate([0.1 * rs.randn(D), -2 * np.ones(D)]), x, y, rs.randn(3, D)
