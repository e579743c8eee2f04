"""Dropout with a mask drawn inside the loss after seeding NumPy's global generator there
(np.random.seed(0); np.random.binomial), an MLP as a list of dicts, and training with
autograd.misc.optimizers.rmsprop and a callback that keeps the loss."""

import autograd.numpy as np
from autograd import grad
from autograd.misc.optimizers import rmsprop

KEEP = 0.8
rs = np.random.RandomState(3)
X = rs.randn(12, 4)
Y = np.sin(X[:, :1]) + X[:, 1:2] ** 2


def forward(layers, x, train=True):
    h = x
    for i, layer in enumerate(layers):
        h = np.dot(h, layer["W"]) + layer["b"]
        if i < len(layers) - 1:
            h = np.maximum(h, 0.0)
            if train:
                mask = np.random.binomial(1, KEEP, size=h.shape) / KEEP
                h = h * mask
    return h


def loss(layers):
    np.random.seed(0)
    return np.mean((forward(layers, X) - Y) ** 2)


def inputs():
    r = np.random.RandomState(4)
    return (
        [
            {"W": r.randn(4, 6) * 0.5, "b": np.zeros(6)},
            {"W": r.randn(6, 1) * 0.5, "b": np.zeros(1)},
        ],
    )


def result():
    values = []

    def callback(params, it, g):
        values.append(loss(params))

    trained = rmsprop(
        lambda p, i: grad(loss)(p), inputs()[0], step_size=0.01, num_iters=6, callback=callback
    )
    return trained, np.array(values)
