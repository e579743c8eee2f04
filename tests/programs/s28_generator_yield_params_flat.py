"""A flat parameter vector is split into layer weights by a generator that yields
(W, b) pairs computed from running offsets, and the network consumes the generator
directly in a for loop; the loss is a robust Cauchy regression loss with an L2 penalty
over the same generator's items."""

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd import grad

LAYER_SIZES = [2, 4, 3, 1]


def num_params(sizes):
    return sum((m + 1) * n for m, n in zip(sizes[:-1], sizes[1:]))


def unpack_layers(flat, sizes=LAYER_SIZES):
    offset = 0
    for m, n in zip(sizes[:-1], sizes[1:]):
        W = flat[offset : offset + m * n].reshape((m, n))
        offset += m * n
        b = flat[offset : offset + n]
        offset += n
        yield W, b


def predict(flat, X):
    h = X
    layers = list(unpack_layers(flat))
    for i, (W, b) in enumerate(layers):
        h = h @ W + b
        if i < len(layers) - 1:
            h = np.tanh(h)
    return h[:, 0]


def cauchy_loss(r, c=0.5):
    return np.log1p((r / c) ** 2)


rs = npr.RandomState(2814)
X = rs.randn(25, 2)
Y = np.sin(X[:, 0]) * X[:, 1]
Y[::7] += 3.0


def loss(flat, l2=1e-2):
    fit = np.mean(cauchy_loss(predict(flat, X) - Y))
    return fit + l2 * sum(np.sum(W**2) for W, _ in unpack_layers(flat))


def inputs():
    return (0.4 * npr.RandomState(14).randn(num_params(LAYER_SIZES)),)


def result():
    flat = inputs()[0]
    for _ in range(3):
        flat = flat - 0.3 * grad(loss)(flat)
    return loss(flat)
