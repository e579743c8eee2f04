"""A RealNVP-style normalizing flow of affine coupling layers, each an object holding a
binary mask and its parameter index; the flow maps data to the base space, accumulating
the log-determinant, and the loss is the negative log likelihood under a standard
normal base (norm.logpdf)."""

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd.scipy.stats import norm


class Coupling:
    def __init__(self, mask, index):
        self.mask = np.asarray(mask, dtype=float)
        self.index = index

    def inverse(self, params, x):
        W_s, W_t = params[self.index]
        xm = x * self.mask
        s = np.tanh(xm @ W_s) * (1 - self.mask)
        t = (xm @ W_t) * (1 - self.mask)
        z = xm + (1 - self.mask) * (x - t) * np.exp(-s)
        return z, -np.sum(s, axis=1)


LAYERS = [Coupling([1, 0], 0), Coupling([0, 1], 1), Coupling([1, 0], 2)]
rs = npr.RandomState(3015)
u = rs.randn(50)
DATA = np.column_stack([u, 0.5 * u**2 + 0.3 * rs.randn(50)])


def loss(params):
    z, log_det = DATA, np.zeros(len(DATA))
    for layer in reversed(LAYERS):
        z, ld = layer.inverse(params, z)
        log_det = log_det + ld
    return -np.mean(np.sum(norm.logpdf(z), axis=1) + log_det)


def inputs():
    r = npr.RandomState(15)
    return ([(0.3 * r.randn(2, 2), 0.3 * r.randn(2, 2)) for _ in LAYERS],)
