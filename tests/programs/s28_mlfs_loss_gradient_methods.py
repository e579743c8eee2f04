"""ML-from-scratch style: loss classes with __call__ and a hand-written gradient
method, and regularisers as objects. The training objective combines a
CrossEntropy loss object and an L1L2 regulariser object on a logistic model; the
hand-written gradient is kept as the program's own check, and autograd differentiates the
loss as written."""

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd import grad


class CrossEntropy:
    def __call__(self, y, p):
        p = np.clip(p, 1e-12, 1 - 1e-12)
        return -y * np.log(p) - (1 - y) * np.log(1 - p)

    def gradient(self, y, p):
        p = np.clip(p, 1e-12, 1 - 1e-12)
        return -(y / p) + (1 - y) / (1 - p)


class L1L2Regularization:
    def __init__(self, alpha, l1_ratio=0.5):
        self.alpha = alpha
        self.l1_ratio = l1_ratio

    def __call__(self, w):
        l1 = self.l1_ratio * np.sum(np.sqrt(w**2 + 1e-6))
        l2 = (1 - self.l1_ratio) * 0.5 * np.dot(w, w)
        return self.alpha * (l1 + l2)

    def grad(self, w):
        return self.alpha * (self.l1_ratio * w / np.sqrt(w**2 + 1e-6) + (1 - self.l1_ratio) * w)


def sigmoid(x):
    return 1 / (1 + np.exp(-x))


rs = npr.RandomState(2812)
X = np.hstack([np.ones((20, 1)), rs.randn(20, 3)])
Y = (X @ np.array([0.2, 1.0, -2.0, 0.0]) + 0.3 * rs.randn(20) > 0).astype(float)
LOSS = CrossEntropy()
REG = L1L2Regularization(alpha=0.1, l1_ratio=0.3)


def loss(w):
    p = sigmoid(X @ w)
    return np.mean(LOSS(Y, p)) + REG(w)


def inputs():
    return (np.array([0.1, -0.3, 0.5, 0.2]),)


def result():
    w = inputs()[0]
    p = sigmoid(X @ w)
    manual = X.T @ (LOSS.gradient(Y, p) * p * (1 - p)) / len(Y) + REG.grad(w)
    return grad(loss)(w), manual
