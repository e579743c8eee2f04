"""Hamiltonian dynamics of a particle chain: a HamiltonianSystem class takes a potential
function, its force is -grad(potential) computed once in __init__, and step() is a
leapfrog (velocity Verlet) update; simulate() collects the trajectory in a list. The
loss is the mismatch between the simulated final positions and a target, differentiated
in the initial momenta, so the gradient goes through grad of the potential at every step
(a second derivative of the potential)."""

import autograd.numpy as np
from autograd import grad

SPRING_K, ANHARMONIC = 1.5, 0.3


def chain_potential(q):
    bonds = q[1:] - q[:-1] - 1.0
    pin = 0.5 * q[0] ** 2
    return pin + np.sum(0.5 * SPRING_K * bonds**2 + 0.25 * ANHARMONIC * bonds**4)


class HamiltonianSystem:
    def __init__(self, potential, mass=1.0, dt=0.05):
        self.potential = potential
        self.mass = mass
        self.dt = dt
        self.force = grad(potential)

    def energy(self, q, p):
        return np.sum(p**2) / (2 * self.mass) + self.potential(q)

    def step(self, q, p):
        p_half = p - 0.5 * self.dt * self.force(q)
        q_new = q + self.dt * p_half / self.mass
        p_new = p_half - 0.5 * self.dt * self.force(q_new)
        return q_new, p_new

    def simulate(self, q0, p0, n_steps):
        q, p = q0, p0
        trajectory = [q]
        for _ in range(n_steps):
            q, p = self.step(q, p)
            trajectory.append(q)
        return np.array(trajectory), p


SYSTEM = HamiltonianSystem(chain_potential, mass=1.0, dt=0.1)
Q0 = np.arange(4.0)
TARGET = np.array([0.2, 1.1, 2.3, 3.0])


def loss(p0):
    traj, p_final = SYSTEM.simulate(Q0, p0, 12)
    return np.sum((traj[-1] - TARGET) ** 2) + 0.01 * np.sum(p0**2)


def inputs():
    return (np.array([0.1, -0.2, 0.3, 0.05]),)


def result():
    p0 = inputs()[0]
    g = grad(loss)
    for _ in range(5):
        p0 = p0 - 0.1 * g(p0)
    traj, p = SYSTEM.simulate(Q0, p0, 12)
    drift = SYSTEM.energy(traj[-1], p) - SYSTEM.energy(Q0, p0)
    return p0, traj[-1], drift
