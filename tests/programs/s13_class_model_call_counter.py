"""A logistic regression model as a class whose loss method counts its calls on self and
keeps the last loss for a progress print; grad(model.loss) is taken on the bound method
and the training loop calls it with early stopping on the gradient norm."""

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd import grad


class LogisticModel:
    def __init__(self, X, y, l2=0.01):
        self.X = X
        self.y = y
        self.l2 = l2
        self.n_evals = 0

    def loss(self, w):
        self.n_evals += 1
        z = np.dot(self.X, w)
        nll = np.mean(np.logaddexp(0.0, z) - self.y * z)
        return nll + self.l2 * np.dot(w, w)

    def fit(self, w, lr=0.5, max_iter=50, tol=1e-4):
        g = grad(self.loss)
        for it in range(max_iter):
            step = g(w)
            if np.sqrt(np.sum(step**2)) < tol:
                break
            w = w - lr * step
        return w


def data():
    rs = npr.RandomState(150)
    X = rs.randn(20, 3)
    y = (X[:, 0] + 0.5 * X[:, 1] > 0).astype(float)
    return X, y


MODEL = LogisticModel(*data())


def loss(w):
    return MODEL.loss(w)


def inputs():
    return (np.array([0.1, -0.2, 0.3]),)


def result():
    model = LogisticModel(*data())
    w = model.fit(np.zeros(3), max_iter=8)
    return w
