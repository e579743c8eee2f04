"""ML-from-scratch style network as people write it: Dense and Activation layer classes
whose forward_pass stores its input on the layer (self.layer_input = X) for a later
backward pass, and a NeuralNetwork that holds a list of layers and loops over them. The
loss sets the layers' weights from a list of (W, w0) pairs and runs the forward pass."""

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd import grad


class Dense:
    def __init__(self, n_in, n_units):
        self.n_in = n_in
        self.n_units = n_units
        self.W = None
        self.w0 = None
        self.layer_input = None

    def set_weights(self, W, w0):
        self.W = W
        self.w0 = w0

    def forward_pass(self, X):
        self.layer_input = X
        return np.dot(X, self.W) + self.w0


class Activation:
    def __init__(self, name):
        self.name = name
        self.layer_input = None

    def forward_pass(self, X):
        self.layer_input = X
        if self.name == "tanh":
            return np.tanh(X)
        return 1.0 / (1.0 + np.exp(-X))


class NeuralNetwork:
    def __init__(self, layers):
        self.layers = layers

    def forward(self, X):
        layer_output = X
        for layer in self.layers:
            layer_output = layer.forward_pass(layer_output)
        return layer_output

    def dense_layers(self):
        return [layer for layer in self.layers if isinstance(layer, Dense)]


rs = npr.RandomState(2901)
X = rs.randn(16, 3)
y = (np.sum(X, axis=1, keepdims=True) > 0).astype(float)
NET = NeuralNetwork([Dense(3, 5), Activation("tanh"), Dense(5, 1), Activation("sigmoid")])


def loss(params):
    for layer, (W, w0) in zip(NET.dense_layers(), params):
        layer.set_weights(W, w0)
    p = np.clip(NET.forward(X), 1e-9, 1 - 1e-9)
    return -np.mean(y * np.log(p) + (1 - y) * np.log(1 - p))


def inputs():
    r = npr.RandomState(1)
    return ([(0.5 * r.randn(3, 5), np.zeros((1, 5))), (0.5 * r.randn(5, 1), np.zeros((1, 1)))],)


def result():
    params = inputs()[0]
    for _ in range(3):
        g = grad(loss)(params)
        params = [(W - 0.5 * dW, b - 0.5 * db) for (W, b), (dW, db) in zip(params, g)]
    return loss(params)
