"""Keras-style layer objects built with a RandomState, each exposing get_weights and
set_weights; the training objective takes a flat parameter vector, unflattens it with
autograd.misc.flatten's unflatten into a list of per-layer weight lists, and calls a
forward function that reads each layer's activation by name from a dict of lambdas."""

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd.misc import flatten

ACTIVATIONS = {
    "relu": lambda z: np.maximum(z, 0.0),
    "tanh": np.tanh,
    "linear": lambda z: z,
    "softplus": lambda z: np.logaddexp(0.0, z),
}


class Dense:
    def __init__(self, n_in, n_out, activation="linear", rs=None):
        rs = rs or npr.RandomState(0)
        self.W = rs.randn(n_in, n_out) / np.sqrt(n_in)
        self.b = np.zeros(n_out)
        self.activation = activation

    def get_weights(self):
        return [self.W, self.b]

    def apply(self, weights, x):
        W, b = weights
        return ACTIVATIONS[self.activation](np.dot(x, W) + b)


rs = npr.RandomState(2608)
LAYERS = [Dense(3, 8, "softplus", rs), Dense(8, 8, "tanh", rs), Dense(8, 1, "linear", rs)]
X = rs.randn(40, 3)
Y = (np.sin(X[:, 0]) + X[:, 1] * X[:, 2])[:, None]
FLAT, UNFLATTEN = flatten([layer.get_weights() for layer in LAYERS])


def forward(all_weights, x):
    for layer, weights in zip(LAYERS, all_weights):
        x = layer.apply(weights, x)
    return x


def loss(flat_weights):
    all_weights = UNFLATTEN(flat_weights)
    pred = forward(all_weights, X)
    return np.mean((pred - Y) ** 2) + 1e-4 * np.dot(flat_weights, flat_weights)


def inputs():
    return (FLAT.copy(),)
