"""Gravitational n-body with pairwise broadcasting, RK4 loop; gradient wrt initial velocities."""

import autograd.numpy as np


def accelerations(pos, masses, soft=0.1):
    diff = pos[None, :, :] - pos[:, None, :]
    dist2 = np.sum(diff**2, axis=-1) + soft**2
    inv3 = dist2 ** (-1.5)
    inv3 = inv3 * (1.0 - np.eye(pos.shape[0]))
    return np.sum(diff * (inv3 * masses[None, :])[:, :, None], axis=1)


def deriv(state, masses):
    n = masses.shape[0]
    pos, vel = state[:n], state[n:]
    return np.concatenate([vel, accelerations(pos, masses)])


def integrate(state, masses, dt, steps):
    for _ in range(steps):
        k1 = deriv(state, masses)
        k2 = deriv(state + 0.5 * dt * k1, masses)
        k3 = deriv(state + 0.5 * dt * k2, masses)
        k4 = deriv(state + dt * k3, masses)
        state = state + dt * (k1 + 2 * k2 + 2 * k3 + k4) / 6.0
    return state


def loss(vel0, pos0, masses, target):
    final = integrate(np.concatenate([pos0, vel0]), masses, 0.05, 12)
    return np.sum((final[: len(masses)] - target) ** 2)


def inputs():
    rs = np.random.RandomState(15)
    pos0 = rs.randn(3, 2)
    return 0.1 * rs.randn(3, 2), pos0, np.array([1.0, 0.5, 0.8]), pos0 + 0.2
