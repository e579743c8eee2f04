"""Logistic regression trained with autograd.misc.optimizers.sgd; the callback prints
every few iterations and records the loss; expit from scipy.special."""

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd import grad
from autograd.misc.optimizers import sgd
from autograd.scipy.special import expit


def nll(w, X, y, l2=0.01):
    p = expit(np.dot(X, w))
    p = np.clip(p, 1e-9, 1 - 1e-9)
    return -np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)) + l2 * np.dot(w, w)


def loss(w, X, y):
    return nll(w, X, y)


def inputs():
    rs = npr.RandomState(10)
    X = rs.randn(20, 3)
    y = (np.dot(X, [1.0, -2.0, 0.5]) > 0).astype(float)
    return 0.1 * rs.randn(3), X, y


def result():
    w, X, y = inputs()
    history = []

    def objective(w, t):
        return nll(w, X, y)

    def callback(w, t, g):
        history.append(objective(w, t))
        if t % 4 == 0:
            print(f"iter {t:3d} loss {history[-1]:.4f}")

    w = sgd(grad(objective), w, step_size=0.5, num_iters=10, callback=callback)
    return w, np.array(history)
