"""Natural-gradient logistic regression: the Fisher information X^T diag(p(1-p)) X / N is
built explicitly and the natural gradient is a damped linear solve; the loss is the
negative log likelihood, and result() takes a few natural-gradient steps."""

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd import grad


def sigmoid(z):
    return 0.5 * (np.tanh(0.5 * z) + 1.0)


def nll(w, X, y):
    z = np.dot(X, w)
    return np.mean(np.logaddexp(0.0, z) - y * z)


def fisher(w, X):
    p = sigmoid(np.dot(X, w))
    return np.dot(X.T * (p * (1 - p)), X) / X.shape[0]


def loss(w, X, y):
    # a smooth function of the natural-gradient step itself
    g = grad(nll)(w, X, y)
    step = np.linalg.solve(fisher(w, X) + 1e-2 * np.eye(len(w)), g)
    return nll(w - 0.5 * step, X, y)


def inputs():
    rs = npr.RandomState(138)
    X = np.hstack([rs.randn(20, 2), np.ones((20, 1))])
    y = (rs.rand(20) < sigmoid(np.dot(X, [1.5, -1.0, 0.2]))).astype(float)
    return np.array([0.1, 0.1, 0.0]), X, y


def result():
    w, X, y = inputs()
    path = []
    for _ in range(4):
        g = grad(nll)(w, X, y)
        w = w - np.linalg.solve(fisher(w, X) + 1e-3 * np.eye(3), g)
        path.append(nll(w, X, y))
    return w, path
