"""Least squares with an L1-smoothed penalty trained by autograd.misc.optimizers.sgd with
momentum (mass) and a callback that records the loss every other iteration."""

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd import grad
from autograd.misc.optimizers import sgd


def data():
    rs = npr.RandomState(1405)
    A = rs.randn(20, 4)
    b = np.dot(A, np.array([1.0, 0.0, -2.0, 0.5])) + 0.1 * rs.randn(20)
    return A, b


A, B = data()


def loss(w, i=0):
    r = np.dot(A, w) - B
    return 0.5 * np.mean(r**2) + 0.01 * np.sum(np.sqrt(w**2 + 1e-3))


def inputs():
    return (np.zeros(4) + 0.1,)


def result():
    recorded = []

    def callback(w, it, g):
        if it % 2 == 0:
            recorded.append(loss(w))

    w = sgd(grad(loss), np.zeros(4), callback=callback, num_iters=8, step_size=0.1, mass=0.8)
    return w, np.array(recorded)
