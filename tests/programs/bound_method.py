"""grad of a bound method: the objective lives on an object holding the data."""

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd import grad


class Regression:
    def __init__(self, X, y):
        self.X, self.y = X, y

    def loss(self, w):
        return np.mean((np.dot(self.X, w) - self.y) ** 2)


def loss(w, X, y):
    return np.mean((np.dot(X, w) - y) ** 2)


def inputs():
    rs = npr.RandomState(27)
    return rs.randn(3), rs.randn(8, 3), rs.randn(8)


def result():
    w, X, y = inputs()
    return grad(Regression(X, y).loss)(w)
