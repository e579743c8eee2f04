"""Dropout drawn from NumPy's global generator inside the loss (np.random.rand after
np.random.seed in the setup), inverted scaling by the keep probability, an MLP whose
layers are a list of dicts; every evaluation reseeds, so the masks are fixed."""

import autograd.numpy as np

STATEFUL = True
KEEP = 0.75


def loss(layers, X, y):
    h = X
    for i, layer in enumerate(layers):
        h = np.dot(h, layer["W"]) + layer["b"]
        if i < len(layers) - 1:
            h = np.tanh(h)
            mask = np.random.rand(*h.shape) < KEEP
            h = h * mask / KEEP
    return np.mean((h[:, 0] - y) ** 2)


def inputs():
    np.random.seed(72)
    rs = np.random.RandomState(73)
    sizes = [3, 6, 5, 1]
    layers = [{"W": 0.5 * rs.randn(m, n), "b": 0.1 * rs.randn(n)} for m, n in zip(sizes, sizes[1:])]
    X = rs.randn(8, 3)
    return layers, X, np.sin(X[:, 0])
