"""Gravitational n-body with pairwise broadcasting (r[:, None] - r[None, :]), a softened
inverse-cube force, and leapfrog (kick-drift-kick) over many steps; the loss is the distance
of the final positions from targets, differentiated in the initial velocities."""

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd import value_and_grad

G = 1.0
SOFTENING = 0.1


def accelerations(pos, masses):
    diff = pos[None, :, :] - pos[:, None, :]  # diff[i, j] = r_j - r_i
    dist2 = np.sum(diff**2, axis=-1) + SOFTENING**2
    inv_r3 = dist2 ** (-1.5) * (1.0 - np.eye(len(masses)))
    return G * np.sum(diff * (inv_r3 * masses[None, :])[:, :, None], axis=1)


def simulate(pos, vel, masses, dt=0.01, n_steps=60):
    acc = accelerations(pos, masses)
    for step in range(n_steps):
        vel = vel + 0.5 * dt * acc
        pos = pos + dt * vel
        acc = accelerations(pos, masses)
        vel = vel + 0.5 * dt * acc
    return pos, vel


def energy(pos, vel, masses):
    kinetic = 0.5 * np.sum(masses[:, None] * vel**2)
    diff = pos[None, :, :] - pos[:, None, :]
    dist = np.sqrt(np.sum(diff**2, axis=-1) + SOFTENING**2)
    iu = np.triu_indices(len(masses), 1)
    potential = -G * np.sum((masses[:, None] * masses[None, :] / dist)[iu])
    return kinetic + potential


def loss(vel0, pos0, masses, target):
    pos, vel = simulate(pos0, vel0, masses)
    return np.sum((pos - target) ** 2) + 0.01 * energy(pos, vel, masses) ** 2


def inputs():
    rs = npr.RandomState(7)
    pos0 = rs.randn(4, 2)
    vel0 = 0.3 * rs.randn(4, 2)
    masses = np.array([1.0, 0.5, 0.8, 0.3])
    return vel0, pos0, masses, pos0 + 0.2 * rs.randn(4, 2)


def result():
    vel0, pos0, masses, target = inputs()
    step = value_and_grad(loss)
    trace = []
    for i in range(3):
        value, g = step(vel0, pos0, masses, target)
        trace.append(value)
        vel0 = vel0 - 0.1 * g
    return vel0, np.array(trace)
