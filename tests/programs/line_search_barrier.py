"""A few steps of gradient descent on a log-barrier objective, each with a backtracking line
search that catches the ValueError an infeasible trial point raises; the loss is the
objective where the steps end, differentiated in the barrier's data."""

import autograd.numpy as np
import autograd.numpy.random as npr


def barrier(w, A, b):
    slack = b - np.dot(A, w)
    if np.any(slack <= 0):
        raise ValueError("the trial point is infeasible")
    return -np.sum(np.log(slack))


def objective(w, A, b, c):
    return barrier(w, A, b) + np.dot(c, w) + 0.5 * np.sum(w**2)


def loss(b, A, c):
    w = np.zeros(A.shape[1])
    for it in range(5):
        direction = -(c + w)
        step = 4.0
        for halving in range(6):
            try:
                trial = w + step * direction
                value = objective(trial, A, b, c)
                if value < objective(w, A, b, c):
                    w = trial
                    break
                step = step * 0.5
            except ValueError:
                step = step * 0.5
    return objective(w, A, b, c)


def inputs():
    rs = npr.RandomState(5)
    A = rs.randn(6, 3)
    return 1.0 + rs.rand(6), A, rs.randn(3)
