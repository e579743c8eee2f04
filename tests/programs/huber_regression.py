"""Robust regression with the Huber loss (np.where on the residual size)."""

import autograd.numpy as np
import autograd.numpy.random as npr


def huber(r, delta=1.0):
    quad = 0.5 * r**2
    lin = delta * (np.abs(r) - 0.5 * delta)
    return np.where(np.abs(r) <= delta, quad, lin)


def loss(w, X, y):
    return np.mean(huber(np.dot(X, w) - y))


def inputs():
    rs = npr.RandomState(22)
    return rs.randn(3), rs.randn(15, 3), 3.0 * rs.randn(15)
