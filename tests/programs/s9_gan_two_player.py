"""GAN: generator and discriminator params as tuples, two-player gradients of two
objectives; the discriminator uses a log-sigmoid written with np.logaddexp."""

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd import grad


def generator(gp, z):
    W1, b1, W2, b2 = gp
    return np.dot(np.tanh(np.dot(z, W1) + b1), W2) + b2


def discriminator(dp, x):
    W1, b1, w2 = dp
    return np.dot(np.tanh(np.dot(x, W1) + b1), w2)


def log_sigmoid(t):
    return -np.logaddexp(0.0, -t)


def d_loss(dp, gp, real, z):
    fake = generator(gp, z)
    return -np.mean(log_sigmoid(discriminator(dp, real))) - np.mean(
        log_sigmoid(-discriminator(dp, fake))
    )


def g_loss(gp, dp, z):
    return -np.mean(log_sigmoid(discriminator(dp, generator(gp, z))))


def loss(gp, dp, real, z):
    return g_loss(gp, dp, z) + 0.5 * d_loss(dp, gp, real, z)


ARGNUM = (0, 1)


def inputs():
    rs = npr.RandomState(3)
    gp = (0.5 * rs.randn(2, 4), np.zeros(4), 0.5 * rs.randn(4, 2), np.zeros(2))
    dp = (0.5 * rs.randn(2, 4), np.zeros(4), 0.5 * rs.randn(4))
    return gp, dp, rs.randn(6, 2) + 1.0, rs.randn(6, 2)


def result():
    gp, dp, real, z = inputs()
    for _ in range(3):
        gd = grad(d_loss)(dp, gp, real, z)
        dp = tuple(p - 0.1 * g for p, g in zip(dp, gd))
        gg = grad(g_loss)(gp, dp, z)
        gp = tuple(p - 0.1 * g for p, g in zip(gp, gg))
    return gp, dp
