"""Hamiltonian Monte Carlo as a class: the sampler stores grad(potential) in __init__
(self.grad_U) and integrates leapfrog steps in a method; the loss differentiates the
final kinetic-plus-potential energy error of a trajectory with respect to the initial
momentum (so the stored gradient is differentiated again), for a banana-shaped potential
with parameters in a tuple default."""

import autograd.numpy as np
from autograd import grad


def banana_potential(q, params=(1.0, 5.0)):
    a, b = params
    return 0.5 * (a - q[0]) ** 2 + 0.5 * b * (q[1] - q[0] ** 2) ** 2 / 10.0


class HMC:
    def __init__(self, potential, step_size=0.05, n_steps=6):
        self.U = potential
        self.grad_U = grad(potential)
        self.step_size = step_size
        self.n_steps = n_steps

    def leapfrog(self, q, p):
        eps = self.step_size
        p = p - 0.5 * eps * self.grad_U(q)
        for i in range(self.n_steps):
            q = q + eps * p
            if i < self.n_steps - 1:
                p = p - eps * self.grad_U(q)
        p = p - 0.5 * eps * self.grad_U(q)
        return q, -p

    def hamiltonian(self, q, p):
        return self.U(q) + 0.5 * np.dot(p, p)


SAMPLER = HMC(banana_potential)
Q0 = np.array([0.3, -0.2])


def loss(p0):
    q1, p1 = SAMPLER.leapfrog(Q0, p0)
    energy_error = SAMPLER.hamiltonian(q1, p1) - SAMPLER.hamiltonian(Q0, p0)
    return energy_error**2 + 0.1 * np.sum(q1**2)


def inputs():
    return (np.array([0.8, -0.5]),)
