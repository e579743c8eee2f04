"""A small training framework: a Trainer object holds the data and the regularisation
strength, its loss method is differentiated as a bound method (grad(self.loss) inside
fit), and minibatches come from a generator function that yields slices."""

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd import grad


def batches(X, y, size):
    for start in range(0, len(X), size):
        yield X[start : start + size], y[start : start + size]


class Trainer:
    def __init__(self, X, y, l2=0.01, batch_size=8):
        self.X = X
        self.y = y
        self.l2 = l2
        self.batch_size = batch_size

    def predict(self, params, X):
        W1, b1, w2 = params
        return np.dot(np.tanh(np.dot(X, W1) + b1), w2)

    def loss(self, params):
        total = 0.0
        for xb, yb in batches(self.X, self.y, self.batch_size):
            total = total + np.sum((self.predict(params, xb) - yb) ** 2)
        reg = sum(np.sum(p**2) for p in params)
        return total / len(self.y) + self.l2 * reg

    def fit(self, params, steps=5, lr=0.1):
        g = grad(self.loss)
        history = []
        for _ in range(steps):
            grads = g(params)
            params = tuple(p - lr * d for p, d in zip(params, grads))
            history.append(self.loss(params))
        return params, history


def data():
    rs = npr.RandomState(1513)
    X = rs.randn(20, 3)
    return X, np.sin(X[:, 0]) + 0.5 * X[:, 1] * X[:, 2]


TRAINER = Trainer(*data())
loss = TRAINER.loss


def inputs():
    rs = npr.RandomState(15131)
    return ((0.5 * rs.randn(3, 5), 0.1 * rs.randn(5), 0.5 * rs.randn(5)),)


def result():
    params, history = TRAINER.fit(inputs()[0])
    return params, np.array(history)
