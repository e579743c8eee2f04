"""Gravitational N-body potential energy with softening, summed over pairs i < j in
nested Python loops, plus the kinetic energy of given velocities. The loss is the total
energy as a function of the flattened positions (its gradient is minus the forces);
result() takes a few velocity-Verlet steps with grad as the force and returns the energy
drift."""

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd import grad

G = 1.0
SOFT = 0.1
rs = npr.RandomState(29010)
MASSES = rs.rand(4) + 0.5
VEL = rs.randn(4, 2) * 0.3


def potential_energy(pos, masses):
    n = len(masses)
    energy = 0.0
    for i in range(n):
        for j in range(i + 1, n):
            r = np.sqrt(np.sum((pos[i] - pos[j]) ** 2) + SOFT**2)
            energy = energy - G * masses[i] * masses[j] / r
    return energy


def total_energy(flat_pos, vel, masses):
    pos = np.reshape(flat_pos, (len(masses), 2))
    kinetic = 0.5 * np.sum(masses[:, None] * vel**2)
    return kinetic + potential_energy(pos, masses)


def loss(flat_pos):
    return total_energy(flat_pos, VEL, MASSES)


def inputs():
    return (npr.RandomState(10).randn(8),)


def result():
    pos = inputs()[0]
    vel = VEL.copy()
    dt = 0.01
    force = grad(lambda p: potential_energy(np.reshape(p, (4, 2)), MASSES))
    e0 = total_energy(pos, vel, MASSES)
    acc = -np.reshape(force(pos), (4, 2)) / MASSES[:, None]
    for _ in range(5):
        vel = vel + 0.5 * dt * acc
        pos = pos + dt * vel.ravel()
        acc = -np.reshape(force(pos), (4, 2)) / MASSES[:, None]
        vel = vel + 0.5 * dt * acc
    return total_energy(pos, vel, MASSES) - e0
