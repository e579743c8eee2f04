"""An MLP whose layers are configured by a list of dicts naming their activation,
looked up in a dict of functions (ELU by np.where, hard tanh by np.clip, softplus by
logaddexp); parameters are a list of dicts zipped with the config. The loss is a
quantile (pinball) loss at several quantiles with an output per quantile."""

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd import grad

ACTIVATIONS = {
    "elu": lambda x: np.where(x > 0, x, np.exp(np.minimum(x, 0.0)) - 1.0),
    "hardtanh": lambda x: np.clip(x, -1.0, 1.0),
    "softplus": lambda x: np.logaddexp(0.0, x),
    "linear": lambda x: x,
}
CONFIG = [
    {"units": 5, "activation": "elu"},
    {"units": 4, "activation": "hardtanh"},
    {"units": 3, "activation": "linear"},
]
QUANTILES = np.array([0.1, 0.5, 0.9])


def init(n_in, config, seed=0):
    rs = npr.RandomState(seed)
    params = []
    for layer in config:
        params.append(
            {"W": 0.5 * rs.randn(n_in, layer["units"]), "b": 0.1 * rs.randn(layer["units"])}
        )
        n_in = layer["units"]
    return params


def forward(params, x, config=CONFIG):
    for p, layer in zip(params, config):
        x = ACTIVATIONS[layer["activation"]](x @ p["W"] + p["b"])
    return x


def pinball(y, q_pred, taus=QUANTILES):
    r = y[:, None] - q_pred
    return np.mean(np.maximum(taus * r, (taus - 1) * r))


rs = npr.RandomState(2818)
X = rs.randn(30, 2)
Y = X[:, 0] + 0.5 * np.abs(X[:, 1]) * rs.randn(30)


def loss(params):
    return pinball(Y, forward(params, X))


def inputs():
    return (init(2, CONFIG, seed=18),)


def result():
    params = inputs()[0]
    for _ in range(3):
        g = grad(loss)(params)
        params = [{k: p[k] - 0.2 * gp[k] for k in p} for p, gp in zip(params, g)]
    return loss(params)
