"""MNIST-style MLP: an L2 penalty on flatten(params) inside the objective."""

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd import grad
from autograd.misc import flatten
from autograd.scipy.special import logsumexp


def init(scale, sizes, seed=0):
    rs = npr.RandomState(seed)
    return [(scale * rs.randn(m, n), scale * rs.randn(n)) for m, n in zip(sizes[:-1], sizes[1:])]


def predict(params, x):
    for W, b in params:
        out = np.dot(x, W) + b
        x = np.tanh(out)
    return out - logsumexp(out, axis=1, keepdims=True)


def l2_norm(params):
    flat, _ = flatten(params)
    return np.dot(flat, flat)


def log_posterior(params, x, t, reg):
    return -reg * l2_norm(params) + np.sum(predict(params, x) * t)


def loss(params, x, t):
    return -log_posterior(params, x, t, 0.1)


def inputs():
    rs = npr.RandomState(1)
    x = rs.randn(7, 5)
    t = np.eye(3)[rs.randint(0, 3, 7)]
    return init(0.3, [5, 4, 3]), x, t


def result():
    params, x, t = inputs()
    g = grad(lambda p: l2_norm(p) ** 1.5)(params)
    return g, grad(loss)(params, x, t)
