"""ML-from-scratch losses as a class hierarchy: a Loss base class whose __call__ averages
self.loss(y, y_pred), subclasses SquareLoss, HuberLoss (with self.delta) and LogCosh, kept
in a dict by name; the objective loops over weights.items(), looks the loss object up and
adds weight * loss_fn(y, y_pred) for a linear model's predictions."""

import autograd.numpy as np
import autograd.numpy.random as npr


class Loss:
    def loss(self, y, y_pred):
        raise NotImplementedError()

    def __call__(self, y, y_pred):
        return np.mean(self.loss(y, y_pred))


class SquareLoss(Loss):
    def loss(self, y, y_pred):
        return 0.5 * np.power(y - y_pred, 2)


class HuberLoss(Loss):
    def __init__(self, delta=1.0):
        self.delta = delta

    def loss(self, y, y_pred):
        r = np.abs(y - y_pred)
        return np.where(r < self.delta, 0.5 * r**2, self.delta * (r - 0.5 * self.delta))


class LogCosh(Loss):
    def loss(self, y, y_pred):
        return np.log(np.cosh(y_pred - y))


LOSSES = {"square": SquareLoss(), "huber": HuberLoss(delta=0.5), "logcosh": LogCosh()}
WEIGHTS = {"square": 1.0, "huber": 0.5, "logcosh": 0.25}

rs = npr.RandomState(29026)
X = rs.randn(20, 3)
y = X.dot(np.array([1.5, -0.5, 2.0])) + 0.3 * rs.standard_t(2, size=20)


def loss(w):
    y_pred = np.dot(X, w[:-1]) + w[-1]
    total = 0.0
    for name, weight in WEIGHTS.items():
        loss_fn = LOSSES[name]
        total = total + weight * loss_fn(y, y_pred)
    return total


def inputs():
    return (npr.RandomState(27).randn(4) * 0.3,)
