"""Curve fitting by Levenberg-Marquardt: autograd's jacobian of the residual vector, a
while loop with a tolerance, damping adapted on success or failure, np.linalg.solve inside
try/except; the loss is the sum of squared residuals."""

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd import jacobian

T = np.linspace(0, 3, 15)
rs = npr.RandomState(52)
Y = 2.0 * np.exp(-1.3 * T) * np.cos(2.0 * T) + 0.01 * rs.randn(15)


def model(theta, t):
    a, k, w = theta
    return a * np.exp(-k * t) * np.cos(w * t)


def residuals(theta):
    return model(theta, T) - Y


def loss(theta):
    r = residuals(theta)
    return 0.5 * np.dot(r, r)


def inputs():
    return (np.array([1.5, 1.0, 1.8]),)


def levenberg_marquardt(theta, lam=1e-2, tol=1e-10, max_iter=20):
    J_fn = jacobian(residuals)
    cost = loss(theta)
    it = 0
    while it < max_iter:
        J = J_fn(theta)
        r = residuals(theta)
        A = J.T @ J + lam * np.diag(np.diag(J.T @ J))
        try:
            step = np.linalg.solve(A, -J.T @ r)
        except np.linalg.LinAlgError:
            lam *= 10
            it += 1
            continue
        new_cost = loss(theta + step)
        if new_cost < cost:
            theta, lam = theta + step, lam / 3
            if cost - new_cost < tol:
                break
            cost = new_cost
        else:
            lam *= 4
        it += 1
    return theta


def result():
    (theta,) = inputs()
    return levenberg_marquardt(theta)
