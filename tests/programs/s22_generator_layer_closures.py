"""A network described by a generator that yields layer functions: each yielded lambda
closes over the slice of the flat parameter vector that belongs to it (offsets advanced in
the generator), the layers are composed in a for loop, and the loss adds a weight penalty
from a second generator expression over the same layers' parameters."""

import autograd.numpy as np
import autograd.numpy.random as npr

SIZES = [2, 4, 3, 1]
N_PARAMS = sum(m * n + n for m, n in zip(SIZES[:-1], SIZES[1:]))
rs = npr.RandomState(2218)
X = rs.randn(12, 2)
Y = np.tanh(X[:, 0] - 0.5 * X[:, 1])[:, None]


def layer_fns(params):
    offset = 0
    for depth, (m, n) in enumerate(zip(SIZES[:-1], SIZES[1:])):
        W = params[offset : offset + m * n].reshape(m, n)
        offset += m * n
        b = params[offset : offset + n]
        offset += n
        last = depth == len(SIZES) - 2
        yield (
            (lambda h, W=W, b=b: np.dot(h, W) + b)
            if last
            else (lambda h, W=W, b=b: np.tanh(np.dot(h, W) + b))
        )


def weight_slices(params):
    offset = 0
    for m, n in zip(SIZES[:-1], SIZES[1:]):
        yield params[offset : offset + m * n]
        offset += m * n + n


def loss(params, l2=1e-2):
    h = X
    for f in layer_fns(params):
        h = f(h)
    return np.mean((h - Y) ** 2) + l2 * sum(np.sum(w**2) for w in weight_slices(params))


def inputs():
    return (0.4 * npr.RandomState(9).randn(N_PARAMS),)
