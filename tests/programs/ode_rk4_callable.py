"""Pendulum with RK4; the vector field is passed to the integrator as a function."""

import autograd.numpy as np


def pendulum(state, params):
    theta, omega = state[0], state[1]
    g_over_l, damping = params[0], params[1]
    return np.array([omega, -g_over_l * np.sin(theta) - damping * omega])


def rk4_step(f, y, params, dt):
    k1 = f(y, params)
    k2 = f(y + 0.5 * dt * k1, params)
    k3 = f(y + 0.5 * dt * k2, params)
    k4 = f(y + dt * k3, params)
    return y + dt / 6.0 * (k1 + 2 * k2 + 2 * k3 + k4)


def loss(params, y0):
    y = y0
    for _ in range(20):
        y = rk4_step(pendulum, y, params, 0.05)
    return np.sum(y**2)


def inputs():
    return np.array([9.81, 0.3]), np.array([1.0, 0.0])
