"""A regression MLP whose parameters are a nested structure (a list of dicts with 'W' and
'b') flattened by autograd.misc.flatten: the loss takes the flat vector and unflattens
it before the forward pass, and result() runs a hand-written momentum SGD loop on the
flat vector, unflattening the result at the end."""

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd import grad
from autograd.misc.flatten import flatten

rs = npr.RandomState(29019)
X = rs.randn(16, 2)
Y = np.sin(X[:, :1]) * np.cos(X[:, 1:])


def init_params(sizes, rs):
    return [{"W": 0.4 * rs.randn(m, n), "b": np.zeros(n)} for m, n in zip(sizes[:-1], sizes[1:])]


def predict(layers, x):
    for layer in layers[:-1]:
        x = np.tanh(np.dot(x, layer["W"]) + layer["b"])
    return np.dot(x, layers[-1]["W"]) + layers[-1]["b"]


FLAT0, unflatten = flatten(init_params([2, 6, 6, 1], npr.RandomState(19)))


def loss(flat):
    layers = unflatten(flat)
    return np.mean((predict(layers, X) - Y) ** 2)


def inputs():
    return (FLAT0.copy(),)


def result():
    flat = inputs()[0]
    velocity = np.zeros_like(flat)
    g = grad(loss)
    for _ in range(8):
        velocity = 0.9 * velocity - 0.1 * g(flat)
        flat = flat + velocity
    return unflatten(flat), loss(flat)
