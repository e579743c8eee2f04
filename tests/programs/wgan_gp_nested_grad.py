"""WGAN-GP critic loss: the gradient penalty needs the critic's gradient in its input,
taken with elementwise_grad inside the loss (a nested derivative), at points interpolated
between real and fake samples with fixed mixing weights."""

import autograd.numpy as np
from autograd import elementwise_grad, grad

rs = np.random.RandomState(0)
REAL = rs.randn(6, 2) + 1.0
FAKE = rs.randn(6, 2) - 1.0
MIX = rs.uniform(size=(6, 1))
LAMBDA_GP = 10.0


def critic(w, x):
    h = np.tanh(np.dot(x, w[:2, :]) + w[2, :])
    return np.dot(h, w[3, :])


def critic_sum(x, w):
    return np.sum(critic(w, x))


def loss(w):
    x_hat = MIX * REAL + (1 - MIX) * FAKE
    grads = elementwise_grad(critic_sum)(x_hat, w)
    norms = np.sqrt(np.sum(grads**2, axis=1) + 1e-12)
    penalty = np.mean((norms - 1.0) ** 2)
    return np.mean(critic(w, FAKE)) - np.mean(critic(w, REAL)) + LAMBDA_GP * penalty


def inputs():
    return (np.random.RandomState(1).randn(4, 3) * 0.5,)


def result():
    w = inputs()[0]
    for _ in range(3):
        w = w - 0.01 * grad(loss)(w)
    return w
