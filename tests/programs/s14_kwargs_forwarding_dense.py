"""Layer helpers that forward **kwargs: dense(x, W, b, activation=None, **opts) passes
its options on to the activation, and apply_layers(x, layers, **opts) passes them to
every layer; the loss calls it with keyword options."""

import autograd.numpy as np
import autograd.numpy.random as npr


def elu(z, alpha=1.0):
    return np.where(z > 0, z, alpha * (np.exp(np.minimum(z, 0.0)) - 1.0))


def dense(x, W, b, activation=None, **opts):
    z = np.dot(x, W) + b
    return z if activation is None else activation(z, **opts)


def apply_layers(x, layers, **opts):
    for W, b in layers[:-1]:
        x = dense(x, W, b, activation=elu, **opts)
    W, b = layers[-1]
    return dense(x, W, b)


def data():
    rs = npr.RandomState(1423)
    X = rs.randn(15, 2)
    y = np.tanh(X[:, 0] - X[:, 1])[:, None]
    return X, y


X, Y = data()


def loss(layers, alpha=0.7):
    out = apply_layers(X, layers, alpha=alpha)
    return np.mean((out - Y) ** 2)


def inputs():
    rs = npr.RandomState(14231)
    return ([(0.5 * rs.randn(2, 4), np.zeros(4)), (0.5 * rs.randn(4, 1), np.zeros(1))],)
