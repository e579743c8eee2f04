"""Gauss-Newton / Levenberg-Marquardt on an exponential-decay fit with make_ggnvp and jacobian."""

import autograd.numpy as np
from autograd import jacobian, make_ggnvp, make_hvp


def model(theta, t):
    return theta[0] * np.exp(-theta[1] * t) + theta[2]


def residuals(theta, t, y):
    return model(theta, t) - y


def loss(theta, t, y):
    return 0.5 * np.sum(residuals(theta, t, y) ** 2)


def inputs():
    t = np.linspace(0, 4, 12)
    y = 2.0 * np.exp(-0.7 * t) + 0.3 + 0.01 * np.sin(7 * t)
    return np.array([1.0, 0.3, 0.0]), t, y


def result():
    theta, t, y = inputs()
    out = []
    for _ in range(4):
        J = jacobian(residuals)(theta, t, y)
        r = residuals(theta, t, y)
        theta = theta - np.linalg.solve(J.T @ J + 1e-3 * np.eye(3), J.T @ r)
        out.append(theta)
    ggnvp = make_ggnvp(lambda th: model(th, t), lambda p: 0.5 * np.sum((p - y) ** 2))(theta)
    hvp = make_hvp(lambda th: loss(th, t, y))(theta)[0]
    v = np.array([1.0, -1.0, 0.5])
    return out, ggnvp(v), hvp(v)
