"""Double backpropagation: the loss penalises the input-gradient norm of a small net,
computed with autograd.grad inside the loss (reverse over reverse)."""

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd import grad


def net(params, x):
    W, v = params
    return np.dot(np.tanh(np.dot(x, W)), v)


def loss(params, x, y):
    out = net(params, x)
    dx = grad(lambda xx: net(params, xx))(x)
    return (out - y) ** 2 + 0.1 * np.sum(dx**2)


def inputs():
    rs = npr.RandomState(20)
    return (rs.randn(3, 4), rs.randn(4)), rs.randn(3), 0.5
