"""An MLP whose layers are described by activation names and dispatched with a match
statement (Python 3.10), including a parameterised leaky ReLU case with a guard."""

import autograd.numpy as np
import autograd.numpy.random as npr


def activate(name, z):
    match name:
        case "tanh":
            return np.tanh(z)
        case "softplus":
            return np.logaddexp(0.0, z)
        case ("leaky", slope) if slope > 0:
            return np.where(z > 0, z, slope * z)
        case _:
            return z


ARCH = ["tanh", ("leaky", 0.1), "softplus", "linear"]


def forward(weights, X):
    h = X
    for (W, b), act in zip(weights, ARCH):
        h = activate(act, np.dot(h, W) + b)
    return h


def data():
    rs = npr.RandomState(1421)
    X = rs.randn(12, 3)
    return X, np.sin(X[:, :1]) + X[:, 1:2] ** 2


X, Y = data()


def loss(weights):
    return np.mean((forward(weights, X) - Y) ** 2)


def inputs():
    rs = npr.RandomState(14211)
    sizes = [3, 6, 5, 4, 1]
    return ([(0.4 * rs.randn(m, n), 0.1 * rs.randn(n)) for m, n in zip(sizes[:-1], sizes[1:])],)
