"""Damped Newton's method on a Rosenbrock-like objective with autograd.hessian and grad,
iterated in a while loop until the gradient norm is below a tolerance (result); the loss
is the objective itself."""

import autograd.numpy as np
from autograd import grad, hessian


def loss(x):
    return (1.0 - x[0]) ** 2 + 5.0 * (x[1] - x[0] ** 2) ** 2 + 0.1 * np.sum(x**4)


def inputs():
    return (np.array([-0.8, 1.1]),)


def result():
    x = np.array([-0.8, 1.1])
    g = grad(loss)(x)
    steps = 0
    while np.linalg.norm(g) > 1e-8 and steps < 50:
        H = hessian(loss)(x)
        x = x - np.linalg.solve(H + 1e-6 * np.eye(2), g)
        g = grad(loss)(x)
        steps += 1
    return x, hessian(loss)(x)
