"""A GAN's two losses with generator and discriminator as dicts of layers, leaky ReLU
via np.where, non-saturating generator loss, fixed latent noise; the generator's
gradient taken through the discriminator with the discriminator held fixed (argnum 0)."""

import autograd.numpy as np
import autograd.numpy.random as npr


def leaky(x, slope=0.2):
    return np.where(x > 0, x, slope * x)


def net(params, x, final=None):
    names = sorted(k for k in params if k.startswith("W"))
    for i, name in enumerate(names):
        x = np.dot(x, params[name]) + params["b" + name[1:]]
        if i < len(names) - 1:
            x = leaky(x)
    return final(x) if final is not None else x


def log_sigmoid(x):
    return -np.logaddexp(0.0, -x)


def generator_loss(gen, disc, z):
    fake = net(gen, z)
    return -np.mean(log_sigmoid(net(disc, fake)))


def discriminator_loss(disc, gen, z, real):
    fake = net(gen, z)
    return -np.mean(log_sigmoid(net(disc, real))) - np.mean(log_sigmoid(-net(disc, fake)))


def loss(gen, disc, z, real):
    return generator_loss(gen, disc, z) + 0.0 * discriminator_loss(disc, gen, z, real)


def layers(sizes, rs):
    out = {}
    for i, (m, n) in enumerate(zip(sizes[:-1], sizes[1:])):
        out[f"W{i}"] = 0.4 * rs.randn(m, n)
        out[f"b{i}"] = np.zeros(n)
    return out


def inputs():
    rs = npr.RandomState(1914)
    return layers([2, 6, 2], rs), layers([2, 5, 1], rs), rs.randn(10, 2), rs.randn(10, 2) + 1
