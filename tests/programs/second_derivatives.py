"""grad of grad of a scalar function, and the Hessian of a small energy."""

import autograd.numpy as np
from autograd import grad, hessian


def energy(x):
    return np.sum(x**4) - np.sum(x[:-1] * x[1:]) + np.sum(np.cos(x))


def loss(x):
    return energy(x)


def inputs():
    return (np.array([0.5, -0.3, 1.1]),)


def result():
    scalar = lambda t: np.sin(t) * t**3  # noqa: E731
    return grad(grad(scalar))(0.7), grad(grad(grad(scalar)))(0.7), hessian(energy)(inputs()[0])
