"""GAN objectives: generator and discriminator nets, losses through logaddexp."""

import autograd.numpy as np
import autograd.numpy.random as npr


def mlp(params, x):
    for W, b in params[:-1]:
        z = np.dot(x, W) + b
        x = np.maximum(0.01 * z, z)  # leaky relu
    W, b = params[-1]
    return np.dot(x, W) + b


def log_sigmoid(x):
    return -np.logaddexp(0.0, -x)


def generator_loss(gen_params, disc_params, noise):
    fake = mlp(gen_params, noise)
    return -np.mean(log_sigmoid(mlp(disc_params, fake)))


def discriminator_loss(disc_params, gen_params, noise, real):
    fake = mlp(gen_params, noise)
    return -np.mean(log_sigmoid(mlp(disc_params, real))) - np.mean(
        log_sigmoid(-mlp(disc_params, fake))
    )


loss = generator_loss


def _params(rs, sizes):
    return [(0.5 * rs.randn(m, n), 0.1 * rs.randn(n)) for m, n in zip(sizes[:-1], sizes[1:])]


def inputs():
    rs = npr.RandomState(16)
    return _params(rs, [2, 4, 2]), _params(rs, [2, 3, 1]), rs.randn(5, 2)


def result():
    from autograd import grad

    gen, disc, noise = inputs()
    real = npr.RandomState(17).randn(5, 2)
    return grad(discriminator_loss)(disc, gen, noise, real)
