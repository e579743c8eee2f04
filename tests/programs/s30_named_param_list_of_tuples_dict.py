"""Parameters paired with their names into a list of (name, array) tuples, as a
framework's named_parameters() gives them (list(zip(NAMES, values))); the model turns the
pairs into a dict with dict(named) and reads weights by name, and the penalty skips
biases by testing name.startswith("b")."""

import autograd.numpy as np
import autograd.numpy.random as npr

rs = npr.RandomState(3009)
X = rs.randn(16, 3)
Y = np.tanh(X @ rs.randn(3, 2))


def model(named, x):
    p = dict(named)
    h = np.tanh(x @ p["W1"] + p["b1"])
    return h @ p["W2"] + p["b2"]


def penalty(named):
    return sum(np.sum(v**2) for name, v in named if not name.startswith("b"))


NAMES = ["W1", "b1", "W2", "b2"]


def loss(values):
    named = list(zip(NAMES, values))
    return np.mean((model(named, X) - Y) ** 2) + 1e-2 * penalty(named)


def inputs():
    r = npr.RandomState(9)
    return (
        [
            0.5 * r.randn(3, 4),
            np.zeros(4),
            0.5 * r.randn(4, 2),
            0.1 * r.randn(2),
        ],
    )
