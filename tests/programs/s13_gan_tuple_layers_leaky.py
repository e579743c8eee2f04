"""A small GAN: generator and discriminator are lists of (W, b) tuples, forward passes
are `for W, b in params:` loops with leaky ReLU via np.where; the loss is the
non-saturating generator loss, and result() alternates sgd steps on both players."""

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd import grad


def init_params(sizes, rs, scale=0.3):
    return [(scale * rs.randn(m, n), scale * rs.randn(n)) for m, n in zip(sizes[:-1], sizes[1:])]


def leaky_relu(x, slope=0.2):
    return np.where(x > 0, x, slope * x)


def mlp(params, x):
    for W, b in params[:-1]:
        x = leaky_relu(np.dot(x, W) + b)
    W, b = params[-1]
    return np.dot(x, W) + b


def log_sigmoid(x):
    return -np.logaddexp(0, -x)


def generator_loss(gen_params, disc_params, noise):
    fake = mlp(gen_params, noise)
    return -np.mean(log_sigmoid(mlp(disc_params, fake)))


def discriminator_loss(disc_params, gen_params, real, noise):
    fake = mlp(gen_params, noise)
    return -np.mean(log_sigmoid(mlp(disc_params, real))) - np.mean(
        log_sigmoid(-mlp(disc_params, fake))
    )


RS = npr.RandomState(140)
GEN = init_params([2, 4, 2], RS)
DISC = init_params([2, 4, 1], RS)
REAL = RS.randn(10, 2) * 0.5 + 1.0
NOISE = RS.randn(10, 2)


def loss(gen_params):
    return generator_loss(gen_params, DISC, NOISE)


def inputs():
    return (GEN,)


def result():
    gen, disc = GEN, DISC
    dg, dd = grad(generator_loss), grad(discriminator_loss)
    for _ in range(3):
        gd = dd(disc, gen, REAL, NOISE)
        disc = [(W - 0.1 * gW, b - 0.1 * gb) for (W, b), (gW, gb) in zip(disc, gd)]
        gg = dg(gen, disc, NOISE)
        gen = [(W - 0.1 * gW, b - 0.1 * gb) for (W, b), (gW, gb) in zip(gen, gg)]
    return gen, disc
