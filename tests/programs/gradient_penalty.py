"""A critic with a gradient penalty (WGAN-GP style): the norm of the critic's input
gradient, from elementwise_grad inside the loss, is penalised."""

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd import elementwise_grad, grad


def critic(w, x):
    return np.tanh(np.dot(x, w[:-1]) + w[-1])


def loss(w, real, fake):
    d_real = np.mean(critic(w, real))
    d_fake = np.mean(critic(w, fake))
    mid = 0.5 * (real + fake)
    slopes = elementwise_grad(lambda z: critic(w, z))(mid)
    norms = np.sqrt(np.sum(slopes**2, axis=1) + 1e-8)
    return d_fake - d_real + 10.0 * np.mean((norms - 1.0) ** 2)


def inputs():
    rs = npr.RandomState(7)
    return (rs.randn(4) * 0.3, rs.randn(6, 3), rs.randn(6, 3) + 1.0)


def result():
    w, real, fake = inputs()
    return grad(grad(lambda t: np.sin(t) * t**2))(0.4), grad(loss)(w, real, fake)
