"""Layers configured by an Enum of activations (a dict from members to functions), a
layer class with __slots__ and a classmethod constructor; the network is a tuple of
layers made from the parameters inside the loss."""

from enum import Enum

import autograd.numpy as np
import autograd.numpy.random as npr


class Activation(Enum):
    TANH = "tanh"
    RELU = "relu"
    SOFTPLUS = "softplus"
    LINEAR = "linear"


ACTIVATIONS = {
    Activation.TANH: np.tanh,
    Activation.RELU: lambda x: np.maximum(x, 0.0),
    Activation.SOFTPLUS: lambda x: np.logaddexp(0.0, x),
    Activation.LINEAR: lambda x: x,
}


class Dense:
    __slots__ = ("W", "b", "activation")

    def __init__(self, W, b, activation):
        self.W = W
        self.b = b
        self.activation = activation

    @classmethod
    def from_params(cls, pair, activation):
        W, b = pair
        return cls(W, b, activation)

    def forward(self, x):
        return ACTIVATIONS[self.activation](np.dot(x, self.W) + self.b)


PLAN = (Activation.SOFTPLUS, Activation.TANH, Activation.LINEAR)


def loss(params, x, y):
    layers = tuple(Dense.from_params(p, a) for p, a in zip(params, PLAN))
    out = x
    for layer in layers:
        out = layer.forward(out)
    return np.mean((out[:, 0] - y) ** 2)


def inputs():
    rs = npr.RandomState(17)
    sizes = [3, 6, 4, 1]
    params = [(0.5 * rs.randn(m, n), 0.1 * rs.randn(n)) for m, n in zip(sizes[:-1], sizes[1:])]
    x = rs.randn(12, 3)
    return params, x, np.sin(x[:, 0]) - x[:, 1] * x[:, 2]
