"""One GAN objective as tutorials write it: generator and discriminator are functions of
their own dict of parameters, the discriminator is called on real and fake batches, and
the loss for the discriminator parameters is the binary cross-entropy with logaddexp;
ARGNUM picks the discriminator, noise is fixed."""

import autograd.numpy as np
import autograd.numpy.random as npr

rs = npr.RandomState(3020)
REAL = rs.randn(16, 2) * 0.5 + np.array([1.0, -1.0])
Z = rs.randn(16, 3)


def leaky_relu(x, slope=0.2):
    return np.where(x > 0, x, slope * x)


def generator(g, z):
    h = leaky_relu(z @ g["W1"] + g["b1"])
    return h @ g["W2"] + g["b2"]


def discriminator(d, x):
    h = leaky_relu(x @ d["W1"] + d["b1"])
    return (h @ d["W2"] + d["b2"])[:, 0]


def bce_with_logits(logits, target):
    return np.mean(np.logaddexp(0.0, logits) - target * logits)


def loss(g, d):
    fake = generator(g, Z)
    d_real = discriminator(d, REAL)
    d_fake = discriminator(d, fake)
    return bce_with_logits(d_real, 1.0) + bce_with_logits(d_fake, 0.0)


ARGNUM = (0, 1)


def init(sizes, r):
    return {
        "W1": 0.5 * r.randn(sizes[0], sizes[1]),
        "b1": np.zeros(sizes[1]),
        "W2": 0.5 * r.randn(sizes[1], sizes[2]),
        "b2": np.zeros(sizes[2]),
    }


def inputs():
    r = npr.RandomState(20)
    return init((3, 5, 2), r), init((2, 4, 1), r)
