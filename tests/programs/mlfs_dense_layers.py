"""ML-from-scratch style network: a Layer base class, Dense and Activation subclasses that
call super().__init__, a NeuralNetwork holding a list of layers with a forward pass and a
loss object; the weights live on the layers and the loss takes them as a flat list."""

import math

import autograd.numpy as np
from autograd import grad

np.random.seed(0)


class Layer(object):  # noqa: UP004
    def __init__(self, name="layer"):
        self.name = name
        self.trainable = True

    def layer_name(self):
        return self.__class__.__name__

    def output_shape(self):
        raise NotImplementedError()


class Dense(Layer):
    """A fully-connected layer."""

    def __init__(self, n_units, input_shape=None):
        super(Dense, self).__init__(name="dense")  # noqa: UP008
        self.input_shape = input_shape
        self.n_units = n_units

    def forward_pass(self, X, W, w0):
        return np.dot(X, W) + w0

    def output_shape(self):
        return (self.n_units,)


class Activation(Layer):
    def __init__(self, name):
        super().__init__(name=name)
        self.trainable = False

    def forward_pass(self, X):
        if self.name == "tanh":
            return 2 / (1 + np.exp(-2 * X)) - 1
        elif self.name == "leaky_relu":
            return np.where(X >= 0, X, 0.2 * X)
        return 1 / (1 + np.exp(-X))


class CrossEntropy(object):  # noqa: UP004
    def loss(self, y, p):
        p = np.clip(p, 1e-15, 1 - 1e-15)
        return -y * np.log(p) - (1 - y) * np.log(1 - p)


class NeuralNetwork:
    def __init__(self, loss):
        self.layers = []
        self.loss_function = loss()

    def add(self, layer):
        self.layers.append(layer)

    def forward(self, X, weights):
        out = X
        i = 0
        for layer in self.layers:
            if layer.trainable:
                out = layer.forward_pass(out, weights[i], weights[i + 1])
                i += 2
            else:
                out = layer.forward_pass(out)
        return out


X = np.random.randn(10, 3)
y = (X[:, 0] * X[:, 1] > 0).astype(float).reshape(-1, 1)

model = NeuralNetwork(loss=CrossEntropy)
model.add(Dense(4, input_shape=(3,)))
model.add(Activation("leaky_relu"))
model.add(Dense(4))
model.add(Activation("tanh"))
model.add(Dense(1))
model.add(Activation("sigmoid"))


def loss(weights):
    p = model.forward(X, weights)
    return np.mean(model.loss_function.loss(y, p))


def inputs():
    rs = np.random.RandomState(1)
    limit = 1 / math.sqrt(3)
    weights = [
        rs.uniform(-limit, limit, (3, 4)),
        np.zeros((1, 4)) + 0.1,
        rs.uniform(-0.5, 0.5, (4, 4)),
        np.zeros((1, 4)) - 0.05,
        rs.uniform(-0.5, 0.5, (4, 1)),
        np.zeros((1, 1)),
    ]
    return (weights,)


def result():
    weights = inputs()[0]
    g = grad(loss)
    for step in range(3):
        grads = g(weights)
        weights = [w - 0.5 * dw for w, dw in zip(weights, grads)]
    return weights
