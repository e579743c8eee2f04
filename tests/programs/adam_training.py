"""Train logistic regression with autograd's adam and a callback recording the loss."""

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd import grad
from autograd.misc.optimizers import adam


def loss(params, X, y):
    w, b = params
    logits = np.dot(X, w) + b
    return np.mean(np.logaddexp(0.0, -y * logits))


def inputs():
    rs = npr.RandomState(29)
    return (rs.randn(3), 0.0), rs.randn(20, 3), np.sign(rs.randn(20))


def result():
    params, X, y = inputs()
    trace = []

    def objective(p, i):
        return loss(p, X, y)

    def callback(p, i, g):
        trace.append(objective(p, i))

    final = adam(grad(objective), params, callback=callback, num_iters=30, step_size=0.1)
    return final, np.array(trace)
