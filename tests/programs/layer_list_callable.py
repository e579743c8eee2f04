"""A Sequential container holding layer objects of one class in self.layers, each with
__call__(params, x) and its own activation name; the container's __call__ loops over
zip(self.layers, params) and the loss calls the container made at module level."""

import autograd.numpy as np
from autograd import grad, value_and_grad


class Dense:
    def __init__(self, n_in, n_out, activation="relu"):
        self.shape = (n_in, n_out)
        self.activation = activation

    def init(self, rs):
        return rs.randn(*self.shape) * np.sqrt(2.0 / self.shape[0]), np.zeros(self.shape[1])

    def __call__(self, params, x):
        W, b = params
        z = np.dot(x, W) + b
        if self.activation == "relu":
            return np.maximum(z, 0.0)
        if self.activation == "tanh":
            return np.tanh(z)
        return z


class Sequential:
    def __init__(self, *layers):
        self.layers = list(layers)

    def init(self, seed):
        rs = np.random.RandomState(seed)
        return [layer.init(rs) for layer in self.layers]

    def __call__(self, params, x):
        for layer, p in zip(self.layers, params):
            x = layer(p, x)
        return x


model = Sequential(Dense(3, 6), Dense(6, 6, "tanh"), Dense(6, 2, None))
rs = np.random.RandomState(1)
X = rs.randn(9, 3)
Y = rs.randn(9, 2)


def loss(params):
    return np.mean(np.sum((model(params, X) - Y) ** 2, axis=1))


def inputs():
    return (model.init(0),)


def result():
    params = inputs()[0]
    vg = value_and_grad(loss)
    for _ in range(3):
        v, g = vg(params)
        params = [(W - 0.05 * dW, b - 0.05 * db) for (W, b), (dW, db) in zip(params, g)]
    return v, grad(loss)(params)
