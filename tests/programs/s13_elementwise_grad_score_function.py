"""Denoising score matching with a tiny energy model: the score is elementwise_grad of the
energy with respect to x (a nested derivative in the loss), the noise is fixed, and the
loss is the squared error between the model score and the noise's score."""

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd import elementwise_grad

SIGMA = 0.3


def energy(x, theta):
    a, b, c = theta[0], theta[1], theta[2]
    return a * x**2 + b * np.cos(c * x)


def model_score(x, theta):
    return -elementwise_grad(energy)(x, theta)


def loss(theta, x, noise):
    x_noisy = x + SIGMA * noise
    target = -noise / SIGMA
    return np.mean((model_score(x_noisy, theta) - target) ** 2)


def inputs():
    rs = npr.RandomState(159)
    return np.array([0.5, 0.2, 1.5]), rs.randn(12), rs.randn(12)
