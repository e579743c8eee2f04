"""A natural-gradient step for logistic regression: the per-example score vectors come
from grad of the per-example log-likelihood in a list comprehension, the empirical Fisher
is the mean of their np.outer products plus damping, and the loss is the negative
log-likelihood after one step w - lr * solve(F, g); differentiated through the step
(grad inside the loss), in the step size and the starting weights together."""

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd import grad

rs = npr.RandomState(2505)
X = rs.randn(12, 3)
Y = (X @ np.array([1.0, -2.0, 0.5]) + 0.3 * rs.randn(12) > 0).astype(float)


def example_loglik(w, x, y):
    z = np.dot(x, w)
    return y * z - np.logaddexp(0.0, z)


def total_loglik(w):
    return np.sum(Y * np.dot(X, w) - np.logaddexp(0.0, np.dot(X, w)))


def fisher(w, damping=1e-2):
    scores = [grad(example_loglik)(w, x, y) for x, y in zip(X, Y)]
    F = sum(np.outer(s, s) for s in scores) / len(scores)
    return F + damping * np.eye(len(w))


def natural_step(w, lr):
    g = grad(total_loglik)(w) / len(Y)
    return w + lr * np.linalg.solve(fisher(w), g)


def loss(w0, log_lr):
    w1 = natural_step(w0, np.exp(log_lr))
    return -total_loglik(w1)


ARGNUM = (0, 1)


def inputs():
    return np.array([0.1, -0.2, 0.05]), np.log(0.3)
