"""Logistic regression with bias, hand-written sigmoid and an L2 term."""

import autograd.numpy as np
import autograd.numpy.random as npr


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def loss(w, b, X, y, lam=0.1):
    p = sigmoid(X @ w + b)
    nll = -np.sum(y * np.log(p) + (1.0 - y) * np.log(1.0 - p))
    return nll / len(y) + lam * np.sum(w**2)


ARGNUM = (0, 1)


def inputs():
    rs = npr.RandomState(20)
    return rs.randn(3), 0.2, rs.randn(9, 3), (rs.rand(9) > 0.5).astype(float)
