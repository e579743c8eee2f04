"""ML-from-scratch style: loss and activation classes (with __call__), made inside the loss."""

import autograd.numpy as np
from autograd import grad


class Sigmoid:
    def __call__(self, x):
        return 1 / (1 + np.exp(-x))


class Softplus:
    def __call__(self, x):
        return np.log(1 + np.exp(x))


class Loss:
    def loss(self, y_true, y_pred):
        raise NotImplementedError()


class CrossEntropy(Loss):
    def __init__(self):
        pass

    def loss(self, y, p):
        p = np.clip(p, 1e-15, 1 - 1e-15)
        return -y * np.log(p) - (1 - y) * np.log(1 - p)


class SquareLoss(Loss):
    def __init__(self, scale=0.5):
        self.scale = scale

    def loss(self, y, y_pred):
        return self.scale * np.power((y - y_pred), 2)


SIGMOID = Sigmoid()
X = np.random.RandomState(3).randn(6, 3)
Y = (np.arange(6) % 2).astype(float)


def loss(w):
    act = Softplus()
    hidden = act(np.dot(X, w[:3, :]))
    p = SIGMOID(np.dot(hidden, w[3, :]))
    square = SquareLoss(0.25)
    return np.mean(CrossEntropy().loss(Y, p)) + np.sum(square.loss(Y, p))


def inputs():
    return (np.random.RandomState(4).randn(4, 2) * 0.5,)


def result():
    w = inputs()[0]
    return grad(lambda v: np.sum(CrossEntropy().loss(Y, Sigmoid()(np.dot(X, v)))))(w[:3, 0])
