"""Random Fourier feature regression with a learned lengthscale: features from np.hstack
of cos and sin, polynomial terms from np.column_stack and np.vander-free powers, a
tiled/repeated design (np.tile, np.repeat) for a Kronecker-structured input, and np.kron
in a structured penalty."""

import autograd.numpy as np
import autograd.numpy.random as npr


def features(x, log_ls, omegas):
    proj = np.outer(x, omegas) / np.exp(log_ls)
    fourier = np.hstack([np.cos(proj), np.sin(proj)]) / np.sqrt(len(omegas))
    poly = np.column_stack([np.ones_like(x), x, x**2])
    return np.hstack([fourier, poly])


def loss(params, x, y, omegas):
    log_ls, w = params[0], params[1:]
    Phi = features(x, log_ls, omegas)
    fit = np.mean((np.dot(Phi, w) - y) ** 2)
    grid = np.tile(w[:3], 2) * np.repeat(w[3:5], 3)
    penalty = np.sum(np.kron(w[:2], w[2:4]) ** 2) + 0.1 * np.sum(grid**2)
    return fit + 0.01 * penalty


def inputs():
    rs = npr.RandomState(96)
    omegas = rs.randn(4)
    x = np.linspace(-2, 2, 12)
    y = np.sin(2 * x) + 0.1 * rs.randn(12)
    return np.concatenate([np.array([0.2]), 0.3 * rs.randn(11)]), x, y, omegas
