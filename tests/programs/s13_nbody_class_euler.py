"""An n-body system as a class: step() does semi-implicit Euler with softened pairwise
gravity, simulate() loops and records the trajectory in a list; the loss is the squared
distance of the final positions to a target, differentiated in the initial velocities."""

import autograd.numpy as np


class NBody:
    def __init__(self, masses, dt=0.05, soft=0.1):
        self.masses = np.asarray(masses)
        self.dt = dt
        self.soft = soft

    def accelerations(self, pos):
        diff = pos[None, :, :] - pos[:, None, :]
        dist3 = (np.sum(diff**2, axis=-1) + self.soft**2) ** 1.5
        return np.sum(self.masses[None, :, None] * diff / dist3[:, :, None], axis=1)

    def step(self, pos, vel):
        vel = vel + self.dt * self.accelerations(pos)
        pos = pos + self.dt * vel
        return pos, vel

    def simulate(self, pos, vel, n_steps):
        traj = [pos]
        for _ in range(n_steps):
            pos, vel = self.step(pos, vel)
            traj.append(pos)
        return np.stack(traj), vel


SYSTEM = NBody([1.0, 0.5, 0.8])
POS0 = np.array([[0.0, 0.0], [1.0, 0.0], [0.0, 1.2]])
TARGET = np.array([[0.1, 0.0], [0.9, 0.4], [-0.3, 1.0]])


def loss(vel0):
    traj, vel = SYSTEM.simulate(POS0, vel0, 12)
    return np.sum((traj[-1] - TARGET) ** 2) + 0.01 * np.sum(vel**2)


def inputs():
    return (np.array([[0.0, -0.1], [0.0, 0.5], [-0.4, 0.0]]),)
