"""A small GAN on 2-D points: the generator and the discriminator are plain functions of
lists of (W, b) pairs, the generator is trained with the non-saturating loss
-log D(G(z)), and the noise and the real batch are fixed draws of a RandomState. The
loss is differentiated in the generator's parameters; result() runs a few alternating
steps of plain gradient descent."""

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd import grad


def init_mlp(sizes, scale, rs):
    return [(scale * rs.randn(m, n), np.zeros(n)) for m, n in zip(sizes[:-1], sizes[1:])]


def mlp(params, x):
    for W, b in params[:-1]:
        x = np.maximum(0.0, np.dot(x, W) + b) + 0.01 * (np.dot(x, W) + b)
    W, b = params[-1]
    return np.dot(x, W) + b


def sigmoid(x):
    return 0.5 * (np.tanh(0.5 * x) + 1.0)


def generate(gen_params, z):
    return mlp(gen_params, z)


def discriminate(disc_params, x):
    return sigmoid(mlp(disc_params, x))[:, 0]


rs = npr.RandomState(29001)
REAL = rs.randn(12, 2) * 0.3 + np.array([1.0, -1.0])
Z = rs.randn(12, 3)
DISC = init_mlp([2, 6, 1], 0.5, npr.RandomState(3))


def generator_loss(gen_params, disc_params, z):
    fake = generate(gen_params, z)
    return -np.mean(np.log(discriminate(disc_params, fake) + 1e-8))


def discriminator_loss(disc_params, gen_params, real, z):
    fake = generate(gen_params, z)
    d_real = discriminate(disc_params, real)
    d_fake = discriminate(disc_params, fake)
    return -np.mean(np.log(d_real + 1e-8)) - np.mean(np.log(1.0 - d_fake + 1e-8))


def loss(gen_params):
    return generator_loss(gen_params, DISC, Z)


def inputs():
    return (init_mlp([3, 5, 2], 0.5, npr.RandomState(4)),)


def result():
    gen_params = inputs()[0]
    disc_params = DISC
    step = 0.1
    history = []
    for _ in range(3):
        d_grad = grad(discriminator_loss)(disc_params, gen_params, REAL, Z)
        disc_params = [
            (W - step * dW, b - step * db) for (W, b), (dW, db) in zip(disc_params, d_grad)
        ]
        g_grad = grad(generator_loss)(gen_params, disc_params, Z)
        gen_params = [
            (W - step * dW, b - step * db) for (W, b), (dW, db) in zip(gen_params, g_grad)
        ]
        history.append(generator_loss(gen_params, disc_params, Z))
    return np.array(history)
