"""Trajectory optimisation: control sequence for a 2-d double integrator, L-BFGS-B with jac=grad."""

import autograd.numpy as np
from autograd import value_and_grad
from scipy.optimize import minimize

T = 10
DT = 0.2


def rollout(controls, x0):
    A = np.array([[1, 0, DT, 0], [0, 1, 0, DT], [0, 0, 1, 0], [0, 0, 0, 1]], dtype=float)
    B = np.array([[0, 0], [0, 0], [DT, 0], [0, DT]], dtype=float)
    xs = [x0]
    x = x0
    for t in range(T):
        x = A.dot(x) + B.dot(controls[t])
        xs.append(x)
    return xs


def loss(flat_u, x0, goal):
    u = flat_u.reshape((T, 2))
    xs = rollout(u, x0)
    cost = 0.0
    for t, x in enumerate(xs[1:]):
        w = 10.0 if t == T - 1 else 0.1
        cost += w * np.sum((x[:2] - goal) ** 2)
    obstacle = sum(np.exp(-np.sum((x[:2] - np.array([0.5, 0.5])) ** 2) / 0.05) for x in xs)
    return cost + 0.01 * np.sum(u**2) + obstacle


def inputs():
    return 0.01 * np.ones(2 * T), np.zeros(4), np.array([1.0, 1.0])


def result():
    u0, x0, goal = inputs()
    res = minimize(
        value_and_grad(loss),
        u0,
        args=(x0, goal),
        jac=True,
        method="L-BFGS-B",
        options={"maxiter": 8},
    )
    return res.x
