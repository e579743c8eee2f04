"""ML-from-scratch style: loss classes with __call__ and a class-level name, a
regulariser class with a staticmethod, a model class whose fit objective sums a list
of (weight, loss object) pairs; logistic regression with an L2 penalty."""

import autograd.numpy as np
import autograd.numpy.random as npr


class Loss:
    name = "base"

    def __call__(self, y, p):
        raise NotImplementedError


class CrossEntropy(Loss):
    name = "cross_entropy"

    def __call__(self, y, p):
        p = np.clip(p, 1e-12, 1 - 1e-12)
        return -np.mean(y * np.log(p) + (1 - y) * np.log(1 - p))


class SquareLoss(Loss):
    name = "square"

    def __call__(self, y, p):
        return 0.5 * np.mean((y - p) ** 2)


class L2:
    def __init__(self, alpha):
        self.alpha = alpha

    @staticmethod
    def norm(w):
        return np.dot(w, w)

    def __call__(self, w):
        return self.alpha * self.norm(w)


class LogisticRegression:
    def __init__(self, w, losses, reg):
        self.w = w
        self.losses = losses
        self.reg = reg

    def predict(self, X):
        return 1.0 / (1.0 + np.exp(-np.dot(X, self.w)))

    def objective(self, X, y):
        p = self.predict(X)
        total = sum(weight * fn(y, p) for weight, fn in self.losses)
        return total + self.reg(self.w)


def loss(w, X, y):
    model = LogisticRegression(w, [(1.0, CrossEntropy()), (0.5, SquareLoss())], L2(0.01))
    return model.objective(X, y)


def inputs():
    rs = npr.RandomState(1916)
    X = rs.randn(25, 3)
    y = (np.dot(X, [1.0, -2.0, 0.5]) + 0.3 * rs.randn(25) > 0).astype(float)
    return 0.1 * rs.randn(3), X, y
