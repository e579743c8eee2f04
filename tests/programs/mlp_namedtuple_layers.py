"""MLP whose layers are NamedTuples built from (W, b) pairs; the forward pass reads
layer.W and layer.b, and the last layer is reached through an attribute chain."""

from typing import NamedTuple

import autograd.numpy as np
import autograd.numpy.random as npr


class Layer(NamedTuple):
    W: np.ndarray
    b: np.ndarray


class Model(NamedTuple):
    hidden: list
    out: Layer


def build(params):
    layers = [Layer(W, b) for W, b in params[:-1]]
    W, b = params[-1]
    return Model(hidden=layers, out=Layer(W=W, b=b))


def predict(model, x):
    for layer in model.hidden:
        x = np.tanh(np.dot(x, layer.W) + layer.b)
    return np.dot(x, model.out.W) + model.out.b


def loss(params, x, y):
    model = build(params)
    err = predict(model, x) - y
    return np.mean(err**2) + 1e-3 * sum(np.sum(layer.W**2) for layer in model.hidden)


def inputs():
    rs = npr.RandomState(5)
    sizes = [3, 6, 4, 2]
    params = [(0.5 * rs.randn(m, n), 0.1 * rs.randn(n)) for m, n in zip(sizes[:-1], sizes[1:])]
    return params, rs.randn(10, 3), rs.randn(10, 2)
