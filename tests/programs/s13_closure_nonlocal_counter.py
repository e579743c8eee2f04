"""An objective factory that returns a closure with a `nonlocal` call counter and a list
of recorded plain losses; the closure is what gets differentiated."""

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd import grad


def make_objective(X, y):
    count = 0

    def objective(w):
        nonlocal count
        count += 1
        pred = np.tanh(np.dot(X, w))
        return np.mean((pred - y) ** 2)

    return objective


rs = npr.RandomState(151)
X0 = rs.randn(10, 2)
Y0 = np.tanh(X0 @ np.array([0.7, -1.1]))
loss = make_objective(X0, Y0)


def inputs():
    return (np.array([0.1, 0.1]),)


def result():
    obj = make_objective(X0, Y0)
    w = np.array([0.1, 0.1])
    for _ in range(5):
        w = w - 0.5 * grad(obj)(w)
    return w
