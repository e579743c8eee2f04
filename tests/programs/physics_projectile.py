"""Bouncing ball: Euler steps with a data-dependent branch; hit a target at the end."""

import autograd.numpy as np


def simulate(v0, steps=60, dt=0.05, restitution=0.8):
    x, y = 0.0, 1.0
    vx, vy = v0[0], v0[1]
    for _ in range(steps):
        vy = vy - 9.81 * dt
        x = x + vx * dt
        y = y + vy * dt
        if y < 0.0:
            y = -y
            vy = -vy * restitution
    return x, y


def loss(v0, target):
    x, y = simulate(v0)
    return (x - target[0]) ** 2 + (y - target[1]) ** 2


def inputs():
    return np.array([2.0, 3.0]), np.array([5.0, 0.5])
