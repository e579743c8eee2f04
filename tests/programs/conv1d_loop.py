"""1-D convolution written as a loop over windows, then a squared loss."""

import autograd.numpy as np
import autograd.numpy.random as npr


def conv1d(x, kernel):
    k = kernel.shape[0]
    return np.array([np.dot(x[i : i + k], kernel) for i in range(x.shape[0] - k + 1)])


def loss(kernel, x, target):
    return np.sum((conv1d(x, kernel) - target) ** 2)


def inputs():
    rs = npr.RandomState(33)
    return rs.randn(3), rs.randn(10), rs.randn(8)
