"""MLP with batch normalisation and inverted dropout with a fixed mask drawn from a
RandomState passed as argument; a train flag in a config dict."""

import autograd.numpy as np
import autograd.numpy.random as npr

CONFIG = {"train": True, "keep": 0.8, "eps": 1e-5}


def batchnorm(x, gamma, beta, eps):
    mu = np.mean(x, axis=0)
    var = np.var(x, axis=0)
    return gamma * (x - mu) / np.sqrt(var + eps) + beta


def dropout(x, keep, rs):
    mask = rs.rand(*x.shape) < keep
    return x * mask / keep


def net(params, x, rs, config=CONFIG):
    (W1, b1, g1, be1), (W2, b2) = params
    h = batchnorm(np.dot(x, W1) + b1, g1, be1, config["eps"])
    h = np.maximum(h, 0.0)
    if config["train"]:
        h = dropout(h, config["keep"], rs)
    return np.dot(h, W2) + b2


def loss(params, x, y, rs):
    return np.mean((net(params, x, rs)[:, 0] - y) ** 2)


STATEFUL = True


def inputs():
    rs = npr.RandomState(9)
    params = [
        (rs.randn(3, 6), rs.randn(6), np.ones(6) + 0.1 * rs.randn(6), 0.1 * rs.randn(6)),
        (rs.randn(6, 1), np.zeros(1)),
    ]
    return params, rs.randn(10, 3), rs.randn(10), npr.RandomState(0)
