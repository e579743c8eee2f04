"""ML-from-scratch style Dense layers that keep both self.layer_input and self.output
from forward_pass, in a module-level network whose weights the loss sets in a loop
(layer.W = W); after the forward pass the loss adds an activity penalty read from each
layer's stored output (sum(np.mean(layer.output ** 2) for layer in NET.layers))."""

import autograd.numpy as np
import autograd.numpy.random as npr


class Dense:
    def __init__(self, n_in, n_out, activation=None):
        self.n_in = n_in
        self.n_out = n_out
        self.activation = activation
        self.W = None
        self.b = None
        self.layer_input = None
        self.output = None

    def forward_pass(self, X):
        self.layer_input = X
        z = np.dot(X, self.W) + self.b
        self.output = np.tanh(z) if self.activation == "tanh" else z
        return self.output


class Network:
    def __init__(self, layers):
        self.layers = layers

    def predict(self, X):
        for layer in self.layers:
            X = layer.forward_pass(X)
        return X


NET = Network([Dense(3, 5, "tanh"), Dense(5, 4, "tanh"), Dense(4, 1)])
rs = npr.RandomState(29042)
X = rs.randn(10, 3)
Y = np.sum(X**2, axis=1, keepdims=True)


def loss(params):
    for layer, (W, b) in zip(NET.layers, params):
        layer.W = W
        layer.b = b
    pred = NET.predict(X)
    activity = sum(np.mean(layer.output**2) for layer in NET.layers[:-1])
    return np.mean((pred - Y) ** 2) + 0.1 * activity


def inputs():
    r = npr.RandomState(42)
    return ([(0.5 * r.randn(m, n), np.zeros(n)) for m, n in [(3, 5), (5, 4), (4, 1)]],)
