"""Damped spring integrated with semi-implicit Euler inside a while loop over time; the
loss matches the final position and penalises energy; gradients in (k, damping)."""

import autograd.numpy as np


def simulate(params, x0, v0, dt=0.05, t_end=1.0):
    k, c = params[0], params[1]
    x, v, t = x0, v0, 0.0
    energy = 0.0
    while t < t_end - 1e-12:
        a = -k * x - c * v
        v = v + dt * a
        x = x + dt * v
        energy = energy + dt * (0.5 * v**2 + 0.5 * k * x**2)
        t = t + dt
    return x, energy


def loss(params, x0, v0, target):
    x, energy = simulate(params, x0, v0)
    return (x - target) ** 2 + 0.01 * energy


def inputs():
    return np.array([4.0, 0.3]), 1.0, 0.0, -0.2
