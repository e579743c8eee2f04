"""Activations chosen by name from a class-level dict of lambdas and stored on the
instance in __init__ (self.act = ...), a network object made at module level whose
forward method takes the weights."""

import autograd.numpy as np
from autograd import grad


class MLP:
    ACTIVATIONS = {
        "relu": lambda x: np.maximum(0.0, x),
        "tanh": lambda x: np.tanh(x),
        "softplus": lambda x: np.log1p(np.exp(x)),
    }

    def __init__(self, sizes, activation="tanh", out_activation=None):
        self.sizes = sizes
        self.act = self.ACTIVATIONS[activation]
        self.out_act = out_activation if out_activation is not None else (lambda x: x)

    def forward(self, weights, X):
        h = X
        for W, b in weights[:-1]:
            h = self.act(h @ W + b)
        W, b = weights[-1]
        return self.out_act(h @ W + b)


net = MLP([3, 5, 2], activation="softplus", out_activation=np.tanh)
X = np.random.RandomState(0).randn(7, 3)
T = np.random.RandomState(1).randn(7, 2) * 0.5


def loss(weights):
    return np.mean((net.forward(weights, X) - T) ** 2)


def inputs():
    rs = np.random.RandomState(2)
    return ([(rs.randn(3, 5) * 0.5, rs.randn(5) * 0.1), (rs.randn(5, 2) * 0.5, np.zeros(2))],)


def result():
    w = inputs()[0]
    g = grad(loss)(w)
    return [(W - 0.1 * dW, b - 0.1 * db) for (W, b), (dW, db) in zip(w, g)]
