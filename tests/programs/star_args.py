"""A loss over *args parameter blocks, differentiated in the second block."""

import autograd.numpy as np
import autograd.numpy.random as npr


def total(x, *weights):
    h = x
    for W in weights:
        h = np.tanh(np.dot(h, W))
    return np.sum(h**2)


def loss(x, W1, W2):
    return total(x, W1, W2)


def inputs():
    rs = npr.RandomState(24)
    return rs.randn(3), rs.randn(3, 3), rs.randn(3, 2)


ARGNUM = 1


def result():
    from autograd import grad

    x, W1, W2 = inputs()
    return grad(total, 2)(x, W1, W2)
