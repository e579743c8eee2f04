"""A GAN's generator objective (the non-saturating loss) differentiated in the
generator's parameters while the discriminator's are held fixed (ARGNUM = 0 of a loss
of both); both networks are lists of layers run through one function with a leaky ReLU
written with np.where, the noise drawn once from a seeded RandomState."""

import autograd.numpy as np
import autograd.numpy.random as npr


def leaky_relu(x, slope=0.2):
    return np.where(x > 0, x, slope * x)


def network(params, x, final=None):
    for i, (W, b) in enumerate(params):
        x = np.dot(x, W) + b
        if i < len(params) - 1:
            x = leaky_relu(x)
    return final(x) if final is not None else x


def log_sigmoid(x):
    return -np.logaddexp(0.0, -x)


def loss(gen_params, disc_params, noise, real):
    fake = network(gen_params, noise, final=np.tanh)
    d_fake = network(disc_params, fake)
    d_real = network(disc_params, real)
    gen_term = -np.mean(log_sigmoid(d_fake))
    feature_match = np.sum((np.mean(fake, axis=0) - np.mean(real, axis=0)) ** 2)
    return gen_term + 0.1 * feature_match + 0.0 * np.sum(d_real)


def init(sizes, rs, scale=0.4):
    return [(scale * rs.randn(m, n), scale * rs.randn(n)) for m, n in zip(sizes[:-1], sizes[1:])]


ARGNUM = 0


def inputs():
    rs = npr.RandomState(23)
    return init([2, 5, 2], rs), init([2, 4, 1], rs), rs.randn(8, 2), rs.randn(8, 2) * 0.5 + 1.0
