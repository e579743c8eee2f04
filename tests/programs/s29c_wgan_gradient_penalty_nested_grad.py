"""A WGAN-GP critic loss: the critic is an MLP over a list of [W, b] lists, and the
gradient penalty takes grad of the summed critic output with respect to points
interpolated between real and fake samples, inside the loss (a nested grad). The
interpolation weights and the fake batch are fixed draws; the loss is differentiated in
the critic's parameters."""

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd import grad


def critic(params, x):
    h = x
    for W, b in params[:-1]:
        h = np.tanh(np.dot(h, W) + b)
    W, b = params[-1]
    return (np.dot(h, W) + b).ravel()


rs = npr.RandomState(29002)
REAL = rs.randn(8, 2) + 1.0
FAKE = rs.randn(8, 2) - 0.5
EPS = rs.rand(8, 1)
LAMBDA = 10.0


def gradient_penalty(params, real, fake, eps):
    mixed = eps * real + (1 - eps) * fake

    def critic_sum(x):
        return np.sum(critic(params, x))

    g = grad(critic_sum)(mixed)
    norms = np.sqrt(np.sum(g**2, axis=1) + 1e-12)
    return np.mean((norms - 1.0) ** 2)


def loss(params):
    wasserstein = np.mean(critic(params, FAKE)) - np.mean(critic(params, REAL))
    return wasserstein + LAMBDA * gradient_penalty(params, REAL, FAKE, EPS)


def inputs():
    r = npr.RandomState(7)
    return ([[0.5 * r.randn(2, 5), 0.1 * r.randn(5)], [0.5 * r.randn(5, 1), np.zeros(1)]],)
