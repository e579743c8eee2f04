"""Ridge regression loss, bias folded in by stacking a column of ones."""

import autograd.numpy as np
import autograd.numpy.random as npr


def add_bias(X):
    return np.hstack([X, np.ones((X.shape[0], 1))])


def loss(w, X, y, alpha=0.5):
    residual = np.dot(add_bias(X), w) - y
    return np.dot(residual, residual) / X.shape[0] + alpha * np.sum(w[:-1] ** 2)


def inputs():
    rs = npr.RandomState(23)
    return rs.randn(4), rs.randn(11, 3), rs.randn(11)
