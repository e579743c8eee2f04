"""A layer function with the nonlinearity as a default argument."""

import autograd.numpy as np
import autograd.numpy.random as npr


def layer(W, b, x, nonlinearity=np.tanh):
    return nonlinearity(np.dot(x, W) + b)


def loss(params, x, y):
    (W1, b1), (W2, b2) = params
    h = layer(W1, b1, x)
    out = layer(W2, b2, h, nonlinearity=lambda z: z)
    return np.mean((out - y) ** 2)


def inputs():
    rs = npr.RandomState(3)
    return (
        [(rs.randn(2, 4), rs.randn(4)), (rs.randn(4, 1), rs.randn(1))],
        rs.randn(6, 2),
        rs.randn(6, 1),
    )
