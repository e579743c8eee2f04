"""A tiny 1-d GAN: generator and discriminator are namedtuples of weights, the
discriminator's loss is differentiated in its own parameters and the generator's
non-saturating loss in the generator's (ARGNUM = 1), with fixed latent noise and a
leaky ReLU with a default slope."""

from collections import namedtuple

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd import grad

Net = namedtuple("Net", "W1 b1 W2 b2")


def leaky_relu(x, slope=0.2):
    return np.where(x > 0, x, slope * x)


def forward(params, x):
    net = Net(*params)  # autograd differentiates plain tuples, not namedtuple classes
    return leaky_relu(x @ net.W1 + net.b1) @ net.W2 + net.b2


def log_sigmoid(x):
    return -np.logaddexp(0.0, -x)


def disc_loss(d, g, real, z):
    fake = forward(g, z)
    return -np.mean(log_sigmoid(forward(d, real))) - np.mean(log_sigmoid(-forward(d, fake)))


def gen_loss(d, g, z):
    return -np.mean(log_sigmoid(forward(d, forward(g, z))))


def make_net(rs, n_in, n_h, n_out):
    return tuple(
        Net(0.5 * rs.randn(n_in, n_h), np.zeros(n_h), 0.5 * rs.randn(n_h, n_out), np.zeros(n_out))
    )


rs = npr.RandomState(2811)
REAL = 2.0 + 0.5 * rs.randn(16, 1)
Z = rs.randn(16, 2)
ARGNUM = 1


def loss(d, g):
    return gen_loss(d, g, Z)


def inputs():
    r = npr.RandomState(11)
    return make_net(r, 1, 4, 1), make_net(r, 2, 4, 1)


def result():
    d, g = inputs()
    for _ in range(2):
        gd = grad(disc_loss)(d, g, REAL, Z)
        d = tuple(p - 0.1 * q for p, q in zip(d, gd))
        gg = grad(gen_loss, 1)(d, g, Z)
        g = tuple(p - 0.1 * q for p, q in zip(g, gg))
    return d, g
