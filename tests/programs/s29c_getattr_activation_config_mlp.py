"""An MLP configured by a list of layer dicts, as a config file would give it: each entry
names its activation as a string looked up with getattr(np, name) (or "relu" from a small
dict of extra functions), the weights are a list of (W, b) tuples, and the last layer is
linear. Written with enumerate and a branch on the layer index."""

import autograd.numpy as np
import autograd.numpy.random as npr

EXTRA = {"relu": lambda x: np.maximum(x, 0.0), "identity": lambda x: x}
CONFIG = [{"units": 6, "activation": "tanh"}, {"units": 5, "activation": "relu"}, {"units": 1}]


def activation(name):
    if name in EXTRA:
        return EXTRA[name]
    return getattr(np, name)


def forward(params, x, config=CONFIG):
    for i, ((W, b), layer) in enumerate(zip(params, config)):
        x = np.dot(x, W) + b
        if i < len(config) - 1:
            x = activation(layer["activation"])(x)
    return x


rs = npr.RandomState(29032)
X = rs.randn(14, 3)
Y = np.sin(X[:, :1] * 2) + X[:, 1:2] ** 2


def loss(params):
    return np.mean((forward(params, X) - Y) ** 2)


def inputs():
    r = npr.RandomState(32)
    sizes = [3] + [layer["units"] for layer in CONFIG]
    return ([(0.5 * r.randn(m, n), 0.1 * r.randn(n)) for m, n in zip(sizes[:-1], sizes[1:])],)
