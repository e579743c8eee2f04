"""A linear SVM written from scratch: a class with fit/predict, the hinge loss with
np.maximum, an L2 penalty that leaves the bias out, and a training loop that stops early
when the loss changes by less than a tolerance."""

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd import grad


class LinearSVM:
    def __init__(self, C=1.0, lr=0.05, n_iters=40, tol=1e-6):
        self.C = C
        self.lr = lr
        self.n_iters = n_iters
        self.tol = tol
        self.w = None

    def _objective(self, w, X, y):
        margins = y * (np.dot(X, w[:-1]) + w[-1])
        hinge = np.maximum(0.0, 1.0 - margins)
        return 0.5 * np.dot(w[:-1], w[:-1]) + self.C * np.mean(hinge)

    def fit(self, X, y):
        w = np.zeros(X.shape[1] + 1)
        g = grad(self._objective)
        prev = np.inf
        for it in range(self.n_iters):
            w = w - self.lr * g(w, X, y)
            cur = self._objective(w, X, y)
            if abs(prev - cur) < self.tol:
                break
            prev = cur
        self.w = w
        return self

    def predict(self, X):
        return np.sign(np.dot(X, self.w[:-1]) + self.w[-1])


def make_data():
    rs = npr.RandomState(133)
    X = rs.randn(20, 3)
    y = np.where(X[:, 0] - 0.5 * X[:, 1] + 0.2 > 0, 1.0, -1.0)
    return X, y


SVM = LinearSVM(C=2.0)


def loss(w, X, y):
    return SVM._objective(w, X, y)


def inputs():
    X, y = make_data()
    return np.array([0.3, -0.1, 0.2, 0.05]), X, y


def result():
    X, y = make_data()
    svm = LinearSVM(C=2.0).fit(X, y)
    return svm.w, svm.predict(X)
