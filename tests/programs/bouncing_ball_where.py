"""A ball bouncing on the floor, simulated with semi-implicit Euler for 120 steps: the
bounce by np.where (reflect and damp the velocity, clamp the height) on a batch of balls,
air drag; the loss asks the balls to be at target heights at the end, differentiated in
the initial velocities (the bounces stay away from the step edges)."""

import autograd.numpy as np

G, DT, RESTITUTION, DRAG = 9.81, 0.01, 0.8, 0.05


def simulate(h0, v0, steps=120):
    h, v = h0, v0
    for _ in range(steps):
        v = v - DT * (G + DRAG * v * np.abs(v))
        h = h + DT * v
        hit = h < 0.0
        v = np.where(hit, -RESTITUTION * v, v)
        h = np.where(hit, -h, h)
    return h, v


def loss(v0, h0, target):
    h, v = simulate(h0, v0)
    return np.sum((h - target) ** 2) + 0.01 * np.sum(v**2)


def inputs():
    return np.array([1.0, 2.5, -0.5]), np.array([1.0, 0.5, 2.0]), np.array([0.8, 0.6, 0.4])
