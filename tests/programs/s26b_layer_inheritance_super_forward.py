"""Layers as a small class hierarchy, as in course code: Layer defines __init__ with a
name and a params() dict, Dense(Layer) owns W and b, DenseWithDropout(Dense) and
ResidualDense(Dense) override forward() and call super().forward(...); the network is a
list of layers whose parameters live in a dict keyed by each layer's name
(f"{self.name}/W"), and the loss walks the list calling layer.forward(params, h)."""

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd import grad


class Layer:
    count = 0

    def __init__(self, name=None):
        Layer.count += 1
        self.name = name or f"{type(self).__name__.lower()}{Layer.count}"

    def params(self):
        return {}

    def forward(self, params, h):
        raise NotImplementedError


class Dense(Layer):
    def __init__(self, n_in, n_out, rs, activation=np.tanh, name=None):
        super().__init__(name)
        self.shape = (n_in, n_out)
        self.activation = activation
        self._init = {
            f"{self.name}/W": rs.randn(n_in, n_out) / np.sqrt(n_in),
            f"{self.name}/b": np.zeros(n_out),
        }

    def params(self):
        return dict(self._init)

    def forward(self, params, h):
        z = h @ params[f"{self.name}/W"] + params[f"{self.name}/b"]
        return self.activation(z) if self.activation is not None else z


class ScaledDense(Dense):
    def __init__(self, n_in, n_out, rs, scale=0.5, name=None):
        super().__init__(n_in, n_out, rs, activation=np.sin, name=name)
        self.scale = scale

    def forward(self, params, h):
        return self.scale * super().forward(params, h)


class ResidualDense(Dense):
    def forward(self, params, h):
        return h + super().forward(params, h)


class Network:
    def __init__(self, layers):
        self.layers = layers

    def init_params(self):
        params = {}
        for layer in self.layers:
            params.update(layer.params())
        return params

    def __call__(self, params, x):
        h = x
        for layer in self.layers:
            h = layer.forward(params, h)
        return h


rs = npr.RandomState(2663)
NET = Network(
    [
        Dense(3, 6, rs, name="in"),
        ResidualDense(6, 6, rs),
        ScaledDense(6, 6, rs, scale=0.8),
        Dense(6, 1, rs, activation=None, name="out"),
    ]
)
X = rs.randn(20, 3)
Y = np.cos(X[:, :1]) * X[:, 1:2]


def loss(params):
    return np.mean((NET(params, X) - Y) ** 2)


def inputs():
    return (NET.init_params(),)


def result():
    params = NET.init_params()
    g = grad(loss)
    for _ in range(6):
        grads = g(params)
        params = {k: params[k] - 0.1 * grads[k] for k in sorted(params)}
    return params, loss(params)
