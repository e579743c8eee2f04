"""Hyperparameters bound with functools.partial before taking the gradient."""

from functools import partial

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd import grad


def objective(w, X, y, l2):
    margins = y * np.dot(X, w)
    return np.sum(np.log1p(np.exp(-margins))) + l2 * np.dot(w, w)


def loss(w, X, y):
    return objective(w, X, y, 0.5)


def inputs():
    rs = npr.RandomState(4)
    return rs.randn(3), rs.randn(7, 3), np.sign(rs.randn(7))


def result():
    w, X, y = inputs()
    bound = partial(objective, X=X, y=y, l2=0.5)
    return grad(bound)(w)
