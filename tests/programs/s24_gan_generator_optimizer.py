"""A one-dimensional GAN with the generator and discriminator as tuples of layer arrays,
the non-saturating losses written with np.logaddexp, and in result() the optimiser as a
Python generator: sgd_steps(params, lr) yields the parameters and receives the gradient
through send(); the two players alternate, each differentiated with grad in its own
argument."""

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd import grad

rs = npr.RandomState(2416)
REAL = 2.0 + 0.5 * rs.randn(32, 1)
LATENT = rs.randn(32, 1)


def mlp(params, x):
    (W1, b1), (W2, b2) = params
    return np.dot(np.tanh(np.dot(x, W1) + b1), W2) + b2


def discriminator_loss(d_params, g_params):
    fake = mlp(g_params, LATENT)
    real_logits = mlp(d_params, REAL)
    fake_logits = mlp(d_params, fake)
    return np.mean(np.logaddexp(0, -real_logits)) + np.mean(np.logaddexp(0, fake_logits))


def generator_loss(g_params, d_params):
    fake_logits = mlp(d_params, mlp(g_params, LATENT))
    return np.mean(np.logaddexp(0, -fake_logits))


def loss(g_params, d_params):
    return generator_loss(g_params, d_params) + 0.5 * discriminator_loss(d_params, g_params)


ARGNUM = (0, 1)


def init_mlp(rs, sizes):
    return tuple((0.5 * rs.randn(m, n), np.zeros(n)) for m, n in zip(sizes[:-1], sizes[1:]))


def inputs():
    init = npr.RandomState(11)
    return init_mlp(init, [1, 4, 1]), init_mlp(init, [1, 4, 1])


def sgd_steps(params, lr):
    while True:
        g = yield params
        params = tuple((W - lr * gW, b - lr * gb) for (W, b), (gW, gb) in zip(params, g))


def result():
    g_params, d_params = inputs()
    g_opt, d_opt = sgd_steps(g_params, 0.1), sgd_steps(d_params, 0.1)
    next(g_opt), next(d_opt)
    dg, dd = grad(generator_loss), grad(discriminator_loss)
    for _ in range(4):
        d_params = d_opt.send(dd(d_params, g_params))
        g_params = g_opt.send(dg(g_params, d_params))
    return g_params, d_params
