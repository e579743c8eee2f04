"""A linear SVM written sample by sample, as in from-scratch tutorials: the hinge is the
builtin max(0, 1 - y * f) on scalars, the regulariser uses builtin sum over a
generator and abs(), and the loop goes over zip(X, y)."""

import autograd.numpy as np
import autograd.numpy.random as npr


def data():
    rs = npr.RandomState(1503)
    X = rs.randn(12, 3)
    y = np.sign(np.dot(X, np.array([1.0, -2.0, 0.5])) + 0.3 * rs.randn(12))
    return X, y


X, Y = data()


def loss(w, C=1.0):
    total = 0.0
    for xi, yi in zip(X, Y):
        margin = yi * (np.dot(xi, w[:-1]) + w[-1])
        total += max(0.0, 1.0 - margin) ** 2
    l1 = sum(abs(wj) for wj in w[:-1])
    return C * total / len(Y) + 0.5 * np.dot(w[:-1], w[:-1]) + 0.01 * l1


def inputs():
    return (np.array([0.3, -0.2, 0.1, 0.05]),)
