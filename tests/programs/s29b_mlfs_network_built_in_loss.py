"""ML-from-scratch style classifier: Dense and Activation layers keep what their forward
pass saw (self.layer_input, self.output) for a hand-written backward pass; the loss
builds the network from the parameters it is given, runs the forward pass over its list
of layers, and adds an activity penalty read back from the hidden layer's stored output."""

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd import grad


class Dense:
    def __init__(self, W, w0):
        self.W = W
        self.w0 = w0
        self.layer_input = None

    def forward_pass(self, X, training=True):
        self.layer_input = X
        return np.dot(X, self.W) + self.w0


class Activation:
    def __init__(self, name):
        self.name = name
        self.output = None

    def forward_pass(self, X, training=True):
        if self.name == "tanh":
            self.output = np.tanh(X)
        else:
            self.output = 1.0 / (1.0 + np.exp(-X))
        return self.output


class NeuralNetwork:
    def __init__(self, layers):
        self.layers = layers

    def _forward_pass(self, X, training=True):
        layer_output = X
        for layer in self.layers:
            layer_output = layer.forward_pass(layer_output, training)
        return layer_output


rs = npr.RandomState(2911)
X = rs.randn(20, 3)
y = (X[:, :1] - 0.5 * X[:, 1:2] > 0).astype(float)


def loss(params):
    (W1, b1), (W2, b2) = params
    net = NeuralNetwork([Dense(W1, b1), Activation("tanh"), Dense(W2, b2), Activation("sigmoid")])
    p = np.clip(net._forward_pass(X), 1e-7, 1 - 1e-7)
    xent = -np.mean(y * np.log(p) + (1 - y) * np.log(1 - p))
    return xent + 1e-2 * np.mean(net.layers[1].output ** 2)


def inputs():
    r = npr.RandomState(7)
    return ([(0.5 * r.randn(3, 6), np.zeros(6)), (0.5 * r.randn(6, 1), np.zeros(1))],)


def result():
    params = inputs()[0]
    for _ in range(4):
        g = grad(loss)(params)
        params = [(W - 0.5 * dW, b - 0.5 * db) for (W, b), (dW, db) in zip(params, g)]
    return loss(params)
