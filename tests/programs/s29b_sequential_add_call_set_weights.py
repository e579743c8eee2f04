"""Keras-style Sequential model built at module level with model.add(Dense(...)): each
Dense layer keeps its input and output on itself in __call__ and applies an activation
function held in an attribute; the loss writes the parameters it is given into the
layers (layer.W = W in a zip loop over model.layers) and calls the model."""

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd import grad


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


class Dense:
    def __init__(self, n_in, n_out, activation=np.tanh):
        self.W = np.zeros((n_in, n_out))
        self.b = np.zeros(n_out)
        self.activation = activation
        self.layer_input = None
        self.output = None

    def __call__(self, X):
        self.layer_input = X
        self.output = self.activation(np.dot(X, self.W) + self.b)
        return self.output


class Sequential:
    def __init__(self):
        self.layers = []

    def add(self, layer):
        self.layers.append(layer)

    def __call__(self, X):
        for layer in self.layers:
            X = layer(X)
        return X


model = Sequential()
model.add(Dense(2, 6))
model.add(Dense(6, 6))
model.add(Dense(6, 1, activation=sigmoid))

rs = npr.RandomState(2931)
X = rs.randn(30, 2)
y = (X[:, :1] ** 2 + X[:, 1:] ** 2 < 1.0).astype(float)


def loss(params):
    for layer, (W, b) in zip(model.layers, params):
        layer.W = W
        layer.b = b
    p = np.clip(model(X), 1e-7, 1 - 1e-7)
    return -np.mean(y * np.log(p) + (1 - y) * np.log(1 - p))


def inputs():
    r = npr.RandomState(3)
    sizes = [(2, 6), (6, 6), (6, 1)]
    return ([(0.5 * r.randn(m, n), np.zeros(n)) for m, n in sizes],)


def result():
    params = inputs()[0]
    for _ in range(3):
        g = grad(loss)(params)
        params = [(W - 0.3 * dW, b - 0.3 * db) for (W, b), (dW, db) in zip(params, g)]
    return loss(params)
