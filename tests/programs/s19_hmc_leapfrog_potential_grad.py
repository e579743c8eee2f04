"""Hamiltonian Monte Carlo: the leapfrog integrator takes grad of the potential (a
banana-shaped log density) inside; the loss is the energy error after L steps,
differentiated in the initial momentum (a tuning objective)."""

import autograd.numpy as np
from autograd import grad


def potential(q):
    return 0.5 * (q[0] ** 2 / 4.0 + (q[1] - 0.5 * q[0] ** 2) ** 2)


def leapfrog(q, p, step, n_steps):
    dU = grad(potential)
    p = p - 0.5 * step * dU(q)
    for i in range(n_steps):
        q = q + step * p
        if i < n_steps - 1:
            p = p - step * dU(q)
    p = p - 0.5 * step * dU(q)
    return q, p


def hamiltonian(q, p):
    return potential(q) + 0.5 * np.sum(p**2)


Q0 = np.array([0.5, -0.3])


def loss(p0, q0=Q0, step=0.15):
    q1, p1 = leapfrog(q0, p0, step, 6)
    return (hamiltonian(q1, p1) - hamiltonian(q0, p0)) ** 2 + 0.01 * np.sum(q1**2)


def inputs():
    return (np.array([0.8, -0.4]),)
