"""A GAN with small Module classes: a base class holding the layer sizes, Generator and
Discriminator subclasses made with a classmethod factory, __call__(params, x), the
non-saturating generator loss with np.logaddexp, and alternating updates in result()."""

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd import grad

LATENT = 2
DATA_DIM = 2
BATCH = 8


class Module:
    activation = staticmethod(np.tanh)

    def __init__(self, sizes):
        self.sizes = sizes

    @classmethod
    def create(cls, hidden):
        return cls([cls.in_dim, hidden, cls.out_dim])

    def init(self, rs, scale=0.3):
        return [
            (scale * rs.randn(m, n), np.zeros(n)) for m, n in zip(self.sizes[:-1], self.sizes[1:])
        ]

    def __call__(self, params, x):
        *hidden, last = params
        for W, b in hidden:
            x = self.activation(np.dot(x, W) + b)
        return np.dot(x, last[0]) + last[1]


class Generator(Module):
    in_dim, out_dim = LATENT, DATA_DIM


class Discriminator(Module):
    in_dim, out_dim = DATA_DIM, 1

    def logits(self, params, x):
        return super().__call__(params, x)[:, 0]


gen = Generator.create(5)
disc = Discriminator.create(4)
rs0 = npr.RandomState(0)
Z = rs0.randn(BATCH, LATENT)
REAL = rs0.randn(BATCH, DATA_DIM) * 0.5 + np.array([2.0, -1.0])


def log_sigmoid(x):
    return -np.logaddexp(0.0, -x)


def discriminator_loss(d_params, g_params):
    fake = gen(g_params, Z)
    real_term = np.mean(log_sigmoid(disc.logits(d_params, REAL)))
    fake_term = np.mean(log_sigmoid(-disc.logits(d_params, fake)))
    return -(real_term + fake_term)


def generator_loss(g_params, d_params):
    return -np.mean(log_sigmoid(disc.logits(d_params, gen(g_params, Z))))


def loss(g_params, d_params):
    return generator_loss(g_params, d_params) + 0.1 * discriminator_loss(d_params, g_params)


ARGNUM = (0, 1)


def inputs():
    rs = npr.RandomState(3)
    return gen.init(rs), disc.init(rs)


def result():
    g_params, d_params = inputs()
    for _ in range(3):
        dg = grad(discriminator_loss)(d_params, g_params)
        d_params = [(W - 0.1 * dW, b - 0.1 * db) for (W, b), (dW, db) in zip(d_params, dg)]
        gg = grad(generator_loss)(g_params, d_params)
        g_params = [(W - 0.1 * dW, b - 0.1 * db) for (W, b), (dW, db) in zip(g_params, gg)]
    return g_params, d_params
