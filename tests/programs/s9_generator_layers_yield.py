"""Layers produced by a generator that yields (W, b) slices of one flat parameter vector;
the loop over the generator sits in the loss."""

import autograd.numpy as np
import autograd.numpy.random as npr

SIZES = [3, 4, 2]


def unpack(flat, sizes=SIZES):
    i = 0
    for m, n in zip(sizes[:-1], sizes[1:]):
        W = np.reshape(flat[i : i + m * n], (m, n))
        i += m * n
        b = flat[i : i + n]
        i += n
        yield W, b


def loss(flat, x, y):
    h = x
    for W, b in unpack(flat):
        h = np.tanh(np.dot(h, W) + b)
    return np.sum((h - y) ** 2)


def inputs():
    rs = npr.RandomState(11)
    n = sum(m * k + k for m, k in zip(SIZES[:-1], SIZES[1:]))
    return 0.5 * rs.randn(n), rs.randn(5, 3), rs.randn(5, 2)
