"""A regression net whose parameters are a dict of named arrays ("dense1/W", ...) built by
a dict comprehension, trained in result() by a hand-written SGD that updates the dict
with {k: v - lr * grads[k] for k, v in params.items()}; the forward pass reads the layer
names from a list and formats the keys with f-strings."""

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd import value_and_grad

LAYERS = ["dense1", "dense2", "out"]
SIZES = [2, 8, 8, 1]

rs = npr.RandomState(29040)
X = rs.uniform(-2, 2, size=(20, 2))
Y = np.sin(X[:, :1]) + np.cos(X[:, 1:])


def init(rs):
    params = {}
    for name, (m, n) in zip(LAYERS, zip(SIZES[:-1], SIZES[1:])):
        params[f"{name}/W"] = rs.randn(m, n) / np.sqrt(m)
        params[f"{name}/b"] = np.zeros(n)
    return params


def forward(params, x):
    for name in LAYERS[:-1]:
        x = np.tanh(np.dot(x, params[f"{name}/W"]) + params[f"{name}/b"])
    return np.dot(x, params["out/W"]) + params["out/b"]


def loss(params):
    return np.mean((forward(params, X) - Y) ** 2)


def inputs():
    return (init(npr.RandomState(40)),)


def result():
    params = inputs()[0]
    losses = []
    for _ in range(5):
        value, grads = value_and_grad(loss)(params)
        losses.append(value)
        params = {k: v - 0.2 * grads[k] for k, v in params.items()}
    return params, np.array(losses)
