"""A GAN's generator and discriminator as callable objects of two classes kept in a list
display, called by position (nets[0](z), nets[1](x)); the loss is the non-saturating
generator loss plus the discriminator's loss on real data."""

import autograd.numpy as np
import autograd.numpy.random as npr


class Generator:
    def __init__(self, W, b):
        self.W, self.b = W, b

    def __call__(self, z):
        return np.tanh(np.dot(z, self.W) + self.b)


class Discriminator:
    def __init__(self, w, c):
        self.w, self.c = w, c

    def __call__(self, x):
        return np.dot(x, self.w) + self.c  # logits


def log_sigmoid(a):
    return -np.logaddexp(0.0, -a)


def data():
    rs = npr.RandomState(1431)
    return rs.randn(10, 2), 0.5 * rs.randn(12, 2) + np.array([1.0, -0.5])


Z, REAL = data()


def loss(params):
    (W, b), (w, c) = params
    nets = [Generator(W, b), Discriminator(w, c)]
    fake = nets[0](Z)
    gen_loss = -np.mean(log_sigmoid(nets[1](fake)))
    disc_real = -np.mean(log_sigmoid(nets[1](REAL)))
    return gen_loss + disc_real


def inputs():
    rs = npr.RandomState(14311)
    return (((0.5 * rs.randn(2, 2), 0.1 * rs.randn(2)), (rs.randn(2), np.array(0.1))),)
