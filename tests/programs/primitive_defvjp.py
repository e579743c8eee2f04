"""A user primitive with a hand-written VJP (a stable softplus) inside a loss."""

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd.extend import defvjp, primitive


@primitive
def softplus(x):
    return np.logaddexp(0.0, x)


defvjp(softplus, lambda ans, x: lambda g: g * np.exp(x - ans))


@primitive
def scaled_sq(x, c):
    return c * x**2


defvjp(scaled_sq, lambda ans, x, c: lambda g: g * 2 * c * x, None)


def loss(w, X, y):
    return np.sum(softplus(-y * np.dot(X, w))) + np.sum(scaled_sq(w, 0.3))


def inputs():
    rs = npr.RandomState(31)
    return rs.randn(3), rs.randn(8, 3), np.sign(rs.randn(8))
