"""ML-from-scratch style: an abstract Layer base class (abc.ABC with @abstractmethod
forward and a parameters() method), Dense and Activation subclasses, a Sequential that
loops over its layers, and a CrossEntropy loss object with a loss(y, p) method; the
weights are written into the layers from the differentiated list by a load() method."""

from abc import ABC, abstractmethod

import autograd.numpy as np
import autograd.numpy.random as npr


class Layer(ABC):
    @abstractmethod
    def forward(self, x): ...

    def n_params(self):
        return 0


class Dense(Layer):
    def __init__(self, n_in, n_out):
        self.shape = (n_in, n_out)
        self.W = None
        self.b = None

    def n_params(self):
        return 2

    def forward(self, x):
        return x @ self.W + self.b


class Activation(Layer):
    def __init__(self, name):
        self.fn = {"tanh": np.tanh, "sigmoid": lambda z: 0.5 * (np.tanh(0.5 * z) + 1)}[name]

    def forward(self, x):
        return self.fn(x)


class Sequential:
    def __init__(self, *layers):
        self.layers = list(layers)

    def load(self, params):
        i = 0
        for layer in self.layers:
            if layer.n_params():
                layer.W, layer.b = params[i], params[i + 1]
                i += 2

    def predict(self, x):
        for layer in self.layers:
            x = layer.forward(x)
        return x


class CrossEntropy:
    def __init__(self, eps=1e-12):
        self.eps = eps

    def loss(self, y, p):
        p = np.clip(p, self.eps, 1 - self.eps)
        return -y * np.log(p) - (1 - y) * np.log(1 - p)


NET = Sequential(Dense(2, 4), Activation("tanh"), Dense(4, 1), Activation("sigmoid"))
LOSS = CrossEntropy()
rs = npr.RandomState(3022)
X = rs.randn(24, 2)
Y = (X[:, :1] * X[:, 1:] > 0).astype(float)


def loss(params):
    NET.load(params)
    return np.mean(LOSS.loss(Y, NET.predict(X)))


def inputs():
    r = npr.RandomState(22)
    return ([0.5 * r.randn(2, 4), np.zeros(4), 0.5 * r.randn(4, 1), np.zeros(1)],)
