"""ML-from-scratch style regression with regularizer and loss objects: l1_l2_regularization
and l2_regularization classes whose __call__ returns the penalty, a SquareLoss and a
CrossEntropy class with a loss(y, p) method and __call__, and a LogisticRegression-like
model class whose objective combines them. The objective is differentiated in the
weight vector."""

import autograd.numpy as np
import autograd.numpy.random as npr


class l2_regularization:
    def __init__(self, alpha):
        self.alpha = alpha

    def __call__(self, w):
        return self.alpha * 0.5 * np.dot(w, w)


class l1_l2_regularization:
    def __init__(self, alpha, l1_ratio=0.5):
        self.alpha = alpha
        self.l1_ratio = l1_ratio

    def __call__(self, w):
        l1_contr = self.l1_ratio * np.sum(np.sqrt(w**2 + 1e-8))
        l2_contr = (1 - self.l1_ratio) * 0.5 * np.dot(w, w)
        return self.alpha * (l1_contr + l2_contr)


class CrossEntropy:
    def loss(self, y, p):
        p = np.clip(p, 1e-15, 1 - 1e-15)
        return -y * np.log(p) - (1 - y) * np.log(1 - p)

    def __call__(self, y, p):
        return np.mean(self.loss(y, p))


class Sigmoid:
    def __call__(self, x):
        return 1 / (1 + np.exp(-x))


class RegularizedLogistic:
    def __init__(self, regularization):
        self.regularization = regularization
        self.loss_function = CrossEntropy()
        self.sigmoid = Sigmoid()

    def objective(self, w, X, y):
        y_pred = self.sigmoid(np.dot(X, w))
        return self.loss_function(y, y_pred) + self.regularization(w)


rs = npr.RandomState(29016)
X = rs.randn(20, 4)
y = (X.dot(np.array([1.0, -2.0, 0.5, 0.0])) + 0.3 * rs.randn(20) > 0).astype(float)
MODELS = [
    RegularizedLogistic(l2_regularization(0.1)),
    RegularizedLogistic(l1_l2_regularization(0.05, 0.3)),
]


def loss(w):
    return MODELS[0].objective(w, X, y) + MODELS[1].objective(w, X, y)


def inputs():
    return (npr.RandomState(16).randn(4) * 0.1,)
