"""Logistic regression whose objective returns (loss, diagnostics) and is differentiated
with autograd.grad_and_aux; the aux output (the mean margin) is computed in the same
forward pass and comes back untouched."""

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd import grad_and_aux


def objective(w, X, y):
    logits = np.dot(X, w[:-1]) + w[-1]
    margins = y * logits
    nll = np.mean(np.logaddexp(0.0, -margins))
    penalty = 0.05 * np.dot(w[:-1], w[:-1])
    return nll + penalty, np.mean(margins)


def data():
    rs = npr.RandomState(1401)
    X = rs.randn(30, 3)
    y = np.sign(X[:, 0] - 0.5 * X[:, 2] + 0.3 * rs.randn(30))
    return X, y


X, Y = data()


def loss(w):
    return objective(w, X, Y)[0]


def inputs():
    return (np.array([0.2, -0.1, 0.4, 0.05]),)


def result():
    w = np.zeros(4)
    history = []
    for _ in range(5):
        g, margin = grad_and_aux(lambda v: objective(v, X, Y))(w)
        history.append(margin)
        w = w - 0.5 * g
    return w, np.array(history)
