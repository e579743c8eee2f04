"""A parameter container over one flat vector: __getitem__ by name returns a reshaped
slice, __len__ the vector's size; the loss wraps the flat vector it is given, as code
written for scipy.optimize does, and a Poisson regression with a log link uses it."""

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd import grad
from autograd.scipy.special import gammaln


class Params:
    SHAPES = {"W": (3, 2), "b": (2,), "log_scale": ()}

    def __init__(self, vector):
        self.vector = vector
        self.offsets = {}
        start = 0
        for name, shape in self.SHAPES.items():
            size = int(np.prod(shape))
            self.offsets[name] = (start, start + size, shape)
            start += size

    def __getitem__(self, name):
        start, stop, shape = self.offsets[name]
        return np.reshape(self.vector[start:stop], shape)

    def __len__(self):
        return len(self.vector)


def poisson_nll(vector, X, counts):
    p = Params(vector)
    rate = np.exp(np.dot(X, p["W"]) + p["b"] + p["log_scale"])
    return np.sum(rate - counts * np.log(rate) + gammaln(counts + 1)) / len(counts)


def loss(vector, X, counts):
    return poisson_nll(vector, X, counts)


def inputs():
    rs = npr.RandomState(12)
    X = 0.5 * rs.randn(25, 3)
    counts = rs.poisson(np.exp(np.dot(X, [[0.5, -0.2], [0.1, 0.3], [-0.4, 0.2]]))).astype(float)
    return 0.1 * rs.randn(9), X, counts


def result():
    vector, X, counts = inputs()
    assert len(Params(vector)) == 9
    return grad(poisson_nll)(vector, X, counts)
