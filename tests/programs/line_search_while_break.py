"""Gradient descent with a backtracking (Armijo) line search written in a while loop with
break, the loss a Rosenbrock-like valley plus a soft constraint with np.maximum, and
value_and_grad used for the steps; the loss itself checked in its argument."""

import autograd.numpy as np
from autograd import value_and_grad

A_COEF, B_COEF = 1.0, 20.0


def loss(x):
    valley = (A_COEF - x[0]) ** 2 + B_COEF * (x[1] - x[0] ** 2) ** 2
    constraint = np.maximum(0.0, np.sum(x**2) - 4.0) ** 2
    return valley + 10.0 * constraint + 0.1 * np.sum(np.abs(x[2:]))


def inputs():
    return (np.array([-1.2, 1.0, 0.5, -0.3]),)


def result():
    x = inputs()[0]
    vg = value_and_grad(loss)
    history = []
    for it in range(5):
        f, g = vg(x)
        t = 1.0
        while True:
            candidate = x - t * g
            if loss(candidate) <= f - 0.5 * t * np.dot(g, g) or t < 1e-8:
                break
            t *= 0.5
        x = candidate
        history.append(f)
    return x, np.array(history)
