"""A Wasserstein GAN critic loss with weight clipping done in place on a copy outside the
differentiated function (np.clip), a linear-tanh generator, and the generator's loss
differentiated with respect to its parameter list."""

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd import grad


def critic(params, x):
    W1, b1, w2 = params
    return np.dot(np.tanh(np.dot(x, W1) + b1), w2)


def generator(params, z):
    A, c = params
    return np.tanh(np.dot(z, A)) + c


def critic_loss(c_params, g_params, real, z):
    return np.mean(critic(c_params, generator(g_params, z))) - np.mean(critic(c_params, real))


def gen_loss(g_params, c_params, z):
    return -np.mean(critic(c_params, generator(g_params, z)))


RS = npr.RandomState(147)
C = [0.5 * RS.randn(2, 5), np.zeros(5), 0.5 * RS.randn(5)]
G = [0.5 * RS.randn(3, 2), np.zeros(2)]
REAL = RS.randn(8, 2) + np.array([1.0, -1.0])
Z = RS.randn(8, 3)


def loss(g_params):
    return gen_loss(g_params, C, Z)


def inputs():
    return (G,)


def result():
    c_params, g_params = [p.copy() for p in C], list(G)
    for it in range(3):
        gc = grad(critic_loss)(c_params, g_params, REAL, Z)
        for p, dp in zip(c_params, gc):
            p -= 0.05 * dp
            np.clip(p, -0.5, 0.5, out=p)
        gg = grad(gen_loss)(g_params, c_params, Z)
        g_params = [p - 0.05 * dp for p, dp in zip(g_params, gg)]
    return c_params, g_params
