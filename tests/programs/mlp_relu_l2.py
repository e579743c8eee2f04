"""MLP regression with ReLU and an L2 penalty summed by a generator expression."""

import autograd.numpy as np
import autograd.numpy.random as npr


def relu(x):
    return np.maximum(0.0, x)


def net(params, x):
    h = x
    for i, (W, b) in enumerate(params):
        h = np.dot(h, W) + b
        if i < len(params) - 1:
            h = relu(h)
    return h[:, 0]


def loss(params, x, y, l2=0.01):
    penalty = sum(np.sum(W**2) for W, _ in params)
    return np.mean((net(params, x) - y) ** 2) + l2 * penalty


def inputs():
    rs = npr.RandomState(1)
    params = [(rs.randn(3, 6), rs.randn(6)), (rs.randn(6, 1), rs.randn(1))]
    return params, rs.randn(10, 3), rs.randn(10)
