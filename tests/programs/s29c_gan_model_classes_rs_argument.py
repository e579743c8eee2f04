"""A GAN whose Generator and Discriminator are small classes holding their layer sizes,
called as model(params, x) through __call__, with a leaky ReLU written with np.where. The
generator loss is the non-saturating one and draws its noise from a RandomState
argument, so each call sees a fresh batch; the discriminator's parameters are fixed."""

import autograd.numpy as np
import autograd.numpy.random as npr

STATEFUL = True


def leaky_relu(x, slope=0.2):
    return np.where(x > 0, x, slope * x)


class MLP:
    def __init__(self, sizes, out=None):
        self.sizes = sizes
        self.out = out

    def init_params(self, rs, scale=0.5):
        return [
            (scale * rs.randn(m, n), np.zeros(n)) for m, n in zip(self.sizes[:-1], self.sizes[1:])
        ]

    def __call__(self, params, x):
        *hidden, (W_out, b_out) = params
        for W, b in hidden:
            x = leaky_relu(np.dot(x, W) + b)
        y = np.dot(x, W_out) + b_out
        return self.out(y) if self.out is not None else y


def log_sigmoid(x):
    return -np.logaddexp(0.0, -x)


generator = MLP([3, 6, 2])
discriminator = MLP([2, 6, 1])
DISC_PARAMS = discriminator.init_params(npr.RandomState(21))
BATCH = 10


def loss(gen_params, rs):
    z = rs.randn(BATCH, 3)
    logits = discriminator(DISC_PARAMS, generator(gen_params, z))
    return -np.mean(log_sigmoid(logits))


def inputs():
    return generator.init_params(npr.RandomState(22)), npr.RandomState(23)
