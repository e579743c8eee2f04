"""Configuration merged the usual way: a DEFAULTS dict updated with keyword arguments
({**DEFAULTS, **overrides}), read with cfg["..."] and cfg.get(..., default) inside a
small MLP regressor whose activation is looked up by name in a dict of functions and
whose weight decay is summed over params.items() in sorted order."""

import autograd.numpy as np
import autograd.numpy.random as npr

ACTIVATIONS = {"tanh": np.tanh, "softplus": lambda z: np.logaddexp(0.0, z)}
DEFAULTS = {"activation": "tanh", "weight_decay": 1e-3, "decay_bias": False}


def make_config(**overrides):
    return {**DEFAULTS, **overrides}


CONFIG = make_config(activation="softplus", weight_decay=0.01)
rs = npr.RandomState(2924)
X = rs.randn(15, 2)
Y = np.sin(X[:, 0]) * X[:, 1]


def forward(params, x, cfg):
    act = ACTIVATIONS[cfg["activation"]]
    h = act(x @ params["W1"] + params["b1"])
    return h @ params["w2"] + params["b2"]


def penalty(params, cfg):
    total = 0.0
    for name, value in sorted(params.items()):
        if name.startswith("b") and not cfg.get("decay_bias", True):
            continue
        total = total + np.sum(value**2)
    return cfg["weight_decay"] * total


def loss(params, cfg=CONFIG):
    return np.mean((forward(params, X, cfg) - Y) ** 2) + penalty(params, cfg)


def inputs():
    r = npr.RandomState(24)
    return ({"W1": r.randn(2, 4), "b1": 0.1 * r.randn(4), "w2": r.randn(4), "b2": 0.1},)
