"""Fitting the damping and stiffness of an oscillator to an observed trajectory with a
midpoint (RK2) integrator written as a generic function of (f, y0, t, *args)."""

import autograd.numpy as np
from autograd import grad


def rk2(f, y0, t, *args):
    ys = [y0]
    y = y0
    for i in range(len(t) - 1):
        h = t[i + 1] - t[i]
        k1 = f(y, t[i], *args)
        k2 = f(y + 0.5 * h * k1, t[i] + 0.5 * h, *args)
        y = y + h * k2
        ys.append(y)
    return np.array(ys)


def oscillator(y, t, damping, stiffness):
    x, v = y[0], y[1]
    return np.array([v, -stiffness * x - damping * v])


T = np.linspace(0, 4, 21)
Y0 = np.array([1.0, 0.0])
OBSERVED = rk2(oscillator, Y0, T, 0.3, 4.0)[:, 0]


def loss(log_params):
    damping, stiffness = np.exp(log_params)
    traj = rk2(oscillator, Y0, T, damping, stiffness)
    return np.sum((traj[:, 0] - OBSERVED) ** 2)


def inputs():
    return (np.log(np.array([0.5, 3.0])),)


def result():
    (p,) = inputs()
    for _ in range(5):
        p = p - 0.01 * grad(loss)(p)
    return p
