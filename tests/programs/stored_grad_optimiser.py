"""Learning-rate tuning through an unrolled optimiser: the inner gradient is made once with
grad(...), stored, and called at each step; the outer loss is differentiated in the
learning rates and the initial weights."""

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd import grad

ARGNUM = (0, 1)


def training_loss(w, X, y):
    return np.mean((np.dot(X, w) - y) ** 2) + 0.01 * np.sum(w**2)


def loss(rates, w0, X, y, X_val, y_val):
    step = grad(training_loss)
    w = w0
    for k in range(4):
        w = w - rates[k] * step(w, X, y)
    return training_loss(w, X_val, y_val)


def inputs():
    rs = npr.RandomState(47)
    X, X_val = rs.randn(15, 3), rs.randn(10, 3)
    w_true = rs.randn(3)
    return (
        np.array([0.1, 0.2, 0.15, 0.05]),
        0.1 * rs.randn(3),
        X,
        np.dot(X, w_true),
        X_val,
        np.dot(X_val, w_true),
    )


def result():
    rates, w0, X, y, X_val, y_val = inputs()
    tune = grad(loss)
    for _ in range(3):
        rates = rates - 0.05 * tune(rates, w0, X, y, X_val, y_val)
    return rates
