"""A tiny GAN on a 1-D mixture whose generator and discriminator are lambdas stored in
a dict (nets["G"], nets["D"]); the generator loss is the non-saturating -log D(G(z))
with fixed latent draws, differentiated in the generator parameters (ARGNUM = 0), and
result() alternates sgd-like steps of both players with grad(..., argnum)."""

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd import grad

rs = npr.RandomState(2624)
REAL = np.concatenate([rs.randn(16) * 0.3 - 1.0, rs.randn(16) * 0.3 + 1.0])[:, None]
Z = rs.randn(32, 2)

nets = {
    "G": lambda p, z: np.tanh(z @ p[0] + p[1]) @ p[2],
    "D": lambda p, x: (np.maximum(0.2 * (x @ p[0] + p[1]), x @ p[0] + p[1]) @ p[2])[:, 0],
}


def log_sigmoid(x):
    return -np.logaddexp(0.0, -x)


def generator_loss(gen_params, disc_params):
    fake = nets["G"](gen_params, Z)
    return -np.mean(log_sigmoid(nets["D"](disc_params, fake)))


def discriminator_loss(disc_params, gen_params):
    fake = nets["G"](gen_params, Z)
    return -np.mean(log_sigmoid(nets["D"](disc_params, REAL))) - np.mean(
        log_sigmoid(-nets["D"](disc_params, fake))
    )


loss = generator_loss
ARGNUM = 0


def init(r):
    gen = (0.5 * r.randn(2, 8), np.zeros(8), 0.5 * r.randn(8, 1))
    disc = (0.5 * r.randn(1, 8), np.zeros(8), 0.5 * r.randn(8, 1))
    return gen, disc


def inputs():
    return init(npr.RandomState(24))


def result():
    gen, disc = inputs()
    g_grad, d_grad = grad(generator_loss, 0), grad(discriminator_loss, 0)
    for step in range(4):
        disc = tuple(p - 0.1 * d for p, d in zip(disc, d_grad(disc, gen)))
        gen = tuple(p - 0.1 * d for p, d in zip(gen, g_grad(gen, disc)))
    return gen, disc
