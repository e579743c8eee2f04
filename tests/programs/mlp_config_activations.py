"""An MLP whose activations come from a config dict of names, looked up in a table of
functions (np.tanh, a def, a lambda) for each layer."""

import autograd.numpy as np
import autograd.numpy.random as npr


def relu(z):
    return np.maximum(z, 0.0)


ACTIVATIONS = {
    "tanh": np.tanh,
    "relu": relu,
    "softplus": lambda z: np.logaddexp(0.0, z),
    "identity": lambda z: z,
}
CONFIG = {"sizes": [3, 5, 4, 1], "activations": ["tanh", "softplus", "identity"]}


def init_params(rs, sizes):
    return [(0.5 * rs.randn(m, n), 0.1 * rs.randn(n)) for m, n in zip(sizes[:-1], sizes[1:])]


def predict(params, X, config):
    h = X
    for (W, b), name in zip(params, config["activations"]):
        act = ACTIVATIONS[name]
        h = act(np.dot(h, W) + b)
    return h[:, 0]


def loss(params, X, y):
    return np.mean((predict(params, X, CONFIG) - y) ** 2)


def inputs():
    rs = npr.RandomState(41)
    return init_params(rs, CONFIG["sizes"]), rs.randn(12, 3), rs.randn(12)
