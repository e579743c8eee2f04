"""Mini-batch SGD with momentum on an MLP: the batch is picked by the iteration number."""

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd import grad
from autograd.misc.optimizers import sgd


def predict(params, x):
    for W, b in params:
        x = np.tanh(np.dot(x, W) + b)
    return x


def loss(params, X, y):
    return np.mean((predict(params, X) - y) ** 2)


def inputs():
    rs = npr.RandomState(30)
    params = [(0.5 * rs.randn(2, 3), np.zeros(3)), (0.5 * rs.randn(3, 1), np.zeros(1))]
    return params, rs.randn(16, 2), rs.randn(16, 1)


def result():
    params, X, y = inputs()

    def objective(p, i):
        idx = slice((i % 4) * 4, (i % 4) * 4 + 4)
        return loss(p, X[idx], y[idx])

    return sgd(grad(objective), params, num_iters=25, step_size=0.2)
