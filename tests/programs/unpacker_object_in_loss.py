"""An unpacking object made inside the loss from the flat parameter vector, its __init__
filling a dict attribute and a list of names in a loop over a module-level layout (the
WeightsParser idea, built per call); an MLP reads its weights from it by name."""

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd import grad

LAYOUT = [("W1", (2, 6)), ("b1", (6,)), ("W2", (6, 1)), ("b2", (1,))]


class Unpacked:
    def __init__(self, flat):
        self.weights = {}
        self.names = []
        start = 0
        for name, shape in LAYOUT:
            size = int(np.prod(shape))
            self.weights[name] = np.reshape(flat[start : start + size], shape)
            self.names.append(name)
            start += size
        assert start == len(flat), (start, len(flat))

    def get(self, name):
        return self.weights[name]


def predict(flat, X):
    w = Unpacked(flat)
    hidden = np.tanh(np.dot(X, w.get("W1")) + w.get("b1"))
    return np.dot(hidden, w.get("W2")) + w.get("b2")


def loss(flat, X, y):
    return np.mean((predict(flat, X)[:, 0] - y) ** 2)


def inputs():
    rs = npr.RandomState(71)
    n = sum(int(np.prod(shape)) for _, shape in LAYOUT)
    X = rs.randn(14, 2)
    return 0.3 * rs.randn(n), X, np.sin(X[:, 0]) * X[:, 1]


def result():
    flat, X, y = inputs()
    for _ in range(5):
        flat = flat - 0.2 * grad(loss)(flat, X, y)
    return flat
