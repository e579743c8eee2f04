"""Natural gradient for logistic regression: the per-example score vectors from jacobian
of the vector of log likelihoods, the empirical Fisher as their outer products, and a
damped solve; the training loop preconditions grad by it."""

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd import grad, jacobian


def per_example_loglik(w, X, y):
    logits = np.dot(X, w)
    return y * logits - np.logaddexp(0.0, logits)


def loss(w, X, y):
    return -np.mean(per_example_loglik(w, X, y)) + 0.01 * np.dot(w, w)


def fisher(w, X, y):
    scores = jacobian(per_example_loglik)(w, X, y)  # (n, d)
    return np.dot(scores.T, scores) / len(y)


def inputs():
    rs = npr.RandomState(67)
    X = np.column_stack([np.ones(30), rs.randn(30, 2)])
    y = (rs.rand(30) < 1 / (1 + np.exp(-np.dot(X, [0.2, 1.5, -1.0])))).astype(float)
    return np.zeros(3), X, y


def result():
    w, X, y = inputs()
    for _ in range(4):
        F = fisher(w, X, y) + 1e-3 * np.eye(len(w))
        w = w - 0.5 * np.linalg.solve(F, grad(loss)(w, X, y))
    return w, fisher(w, X, y)
