"""An MLP whose layers are namedtuples (W, b, activation name), rebuilt from a flat list
of arrays inside the loss; each layer is applied by a keyword-only helper called as
dense(h, **layer._asdict()), the activation looked up by name in a dict of functions."""

from collections import namedtuple

import autograd.numpy as np
import autograd.numpy.random as npr

Layer = namedtuple("Layer", ["W", "b", "activation"])
ACTIVATIONS = {
    "tanh": np.tanh,
    "softplus": lambda z: np.logaddexp(0.0, z),
    "identity": lambda z: z,
}
SPEC = ["tanh", "softplus", "identity"]

rs = npr.RandomState(2217)
X = rs.randn(10, 3)
Y = np.sin(X[:, :1]) + X[:, 1:2] * X[:, 2:]


def dense(h, *, W, b, activation="identity"):
    return ACTIVATIONS[activation](np.dot(h, W) + b)


def build(arrays):
    return [Layer(W, b, act) for (W, b), act in zip(zip(arrays[::2], arrays[1::2]), SPEC)]


def loss(arrays):
    h = X
    for layer in build(arrays):
        h = dense(h, **layer._asdict())
    return np.mean((h - Y) ** 2)


def inputs():
    init = npr.RandomState(8)
    sizes = [3, 5, 4, 1]
    arrays = []
    for m, n in zip(sizes[:-1], sizes[1:]):
        arrays += [0.5 * init.randn(m, n), 0.1 * init.randn(n)]
    return (arrays,)
