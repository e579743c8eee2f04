"""Bayesian optimisation: expected improvement of a GP posterior, maximised in x by gradient."""

import autograd.numpy as np
from autograd import grad
from autograd.scipy.stats import norm


def kernel(a, b, ell=0.5):
    return np.exp(-0.5 * (a[:, None] - b[None, :]) ** 2 / ell**2)


def posterior(x, X, y, noise=1e-4):
    K = kernel(X, X) + noise * np.eye(len(X))
    ks = kernel(x, X)
    mu = ks @ np.linalg.solve(K, y)
    var = 1.0 - np.sum(ks * np.linalg.solve(K, ks.T).T, axis=1)
    return mu, np.sqrt(np.maximum(var, 1e-12))


def expected_improvement(x, X, y, xi=0.01):
    mu, sigma = posterior(x, X, y)
    best = np.min(y)
    imp = best - mu - xi
    Z = imp / sigma
    return imp * norm.cdf(Z) + sigma * norm.pdf(Z)


def loss(x, X, y):
    return -np.sum(expected_improvement(x, X, y))


def inputs():
    X = np.array([-1.0, -0.3, 0.4, 1.2])
    y = np.sin(3 * X) + X**2
    return np.array([-0.6, 0.0, 0.8]), X, y


def result():
    x, X, y = inputs()
    g = grad(loss)
    for _ in range(10):
        x = np.clip(x - 0.1 * g(x, X, y), -1.5, 1.5)
    return x
