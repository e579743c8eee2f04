"""Curve fitting with a residual function and autograd.jacobian (Gauss-Newton steps);
the loss is the sum of squared residuals of an exponential-decay model."""

import autograd.numpy as np
from autograd import jacobian


def model(theta, t):
    a, k, c = theta
    return a * np.exp(-k * t) + c


def residuals(theta, t, y):
    return model(theta, t) - y


def loss(theta, t, y):
    r = residuals(theta, t, y)
    return 0.5 * np.dot(r, r)


def inputs():
    t = np.linspace(0, 3, 9)
    y = 2.0 * np.exp(-1.3 * t) + 0.5 + 0.01 * np.sin(7 * t)
    return np.array([1.0, 1.0, 0.0]), t, y


def result():
    theta, t, y = inputs()
    J = jacobian(residuals)
    for _ in range(4):
        Jt = J(theta, t, y)
        r = residuals(theta, t, y)
        theta = theta - np.linalg.solve(np.dot(Jt.T, Jt) + 1e-3 * np.eye(3), np.dot(Jt.T, r))
    return theta
