"""Charged particles in electric and magnetic fields: the Lorentz force q (E + v x B), the
cross product of a batch of velocities with B written by components and np.stack (and
np.cross of two differentiated vectors for the drift), integrated with a midpoint scheme
over 80 steps; the loss places the particles at a target after the flight,
differentiated in the field vectors."""

import autograd.numpy as np
import autograd.numpy.random as npr


def cross_batch(v, B):
    return np.stack(
        [
            v[:, 1] * B[2] - v[:, 2] * B[1],
            v[:, 2] * B[0] - v[:, 0] * B[2],
            v[:, 0] * B[1] - v[:, 1] * B[0],
        ],
        axis=1,
    )


def accel(v, E, B, q_over_m):
    return q_over_m[:, None] * (E[None, :] + cross_batch(v, B))


def fly(x, v, E, B, q_over_m, dt=0.02, steps=80):
    for _ in range(steps):
        a = accel(v, E, B, q_over_m)
        v_half = v + 0.5 * dt * a
        x = x + dt * v_half
        v = v + dt * accel(v_half, E, B, q_over_m)
    return x, v


def loss(fields, x0, v0, q_over_m, target):
    E, B = fields[:3], fields[3:]
    x, v = fly(x0, v0, E, B, q_over_m)
    drift = np.cross(E, B) / (np.dot(B, B) + 1.0)
    return np.mean(np.sum((x - target) ** 2, axis=1)) + 0.01 * np.sum(fields**2) + np.sum(drift**2)


def inputs():
    rs = npr.RandomState(91)
    return (
        np.array([0.1, 0.0, -0.2, 0.0, 0.5, 1.0]),
        np.zeros((4, 3)),
        rs.randn(4, 3),
        np.array([1.0, -1.0, 2.0, 0.5]),
        rs.randn(4, 3),
    )
