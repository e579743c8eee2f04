"""Machine-learning-from-scratch style: loss and regulariser classes with __call__
(CrossEntropy, SquareLoss, l1_l2_regularization holding alpha and a ratio), an
ElasticNet-like model that combines them, probabilities clipped with np.clip, and a
sigmoid class; the loss picks its pieces from instances made at module level."""

import autograd.numpy as np
import autograd.numpy.random as npr


class Sigmoid:
    def __call__(self, x):
        return 1 / (1 + np.exp(-x))


class CrossEntropy:
    def __call__(self, y, p):
        p = np.clip(p, 1e-15, 1 - 1e-15)
        return -y * np.log(p) - (1 - y) * np.log(1 - p)


class SquareLoss:
    def __call__(self, y, y_pred):
        return 0.5 * np.power((y - y_pred), 2)


class l1_l2_regularization:
    def __init__(self, alpha, l1_ratio=0.5):
        self.alpha = alpha
        self.l1_ratio = l1_ratio

    def __call__(self, w):
        l1_contr = self.l1_ratio * np.linalg.norm(w)
        l2_contr = (1 - self.l1_ratio) * 0.5 * np.dot(w.T, w)
        return self.alpha * (l1_contr + l2_contr)


class LogisticModel:
    def __init__(self, regularization, loss=CrossEntropy()):  # noqa: B008
        self.regularization = regularization
        self.loss = loss
        self.sigmoid = Sigmoid()

    def objective(self, w, X, y):
        p = self.sigmoid(np.dot(X, w))
        return np.mean(self.loss(y, p)) + self.regularization(w)


MODEL = LogisticModel(l1_l2_regularization(alpha=0.1, l1_ratio=0.3))
SQUARE = SquareLoss()


def loss(w, X, y):
    return MODEL.objective(w, X, y) + 0.01 * np.mean(SQUARE(y, np.dot(X, w)))


def inputs():
    rs = npr.RandomState(4)
    X = rs.randn(15, 4)
    y = (X[:, 0] - X[:, 2] > 0).astype(float)
    return 0.2 * rs.randn(4), X, y
