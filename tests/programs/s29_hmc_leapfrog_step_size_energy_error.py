"""Tuning an HMC step size by differentiating the energy error of a leapfrog trajectory:
the potential of a correlated Gaussian target is differentiated inside the integrator
with grad (nested), the momentum and position are updated in a loop of half/full steps,
and the loss is the squared Hamiltonian change as a function of the log step size."""

import autograd.numpy as np
from autograd import grad

PRECISION = np.linalg.inv(np.array([[1.0, 0.8], [0.8, 1.0]]))


def potential(q):
    return 0.5 * q @ PRECISION @ q


grad_potential = grad(potential)


def kinetic(p):
    return 0.5 * np.sum(p**2)


def leapfrog(q, p, step_size, n_steps):
    p = p - 0.5 * step_size * grad_potential(q)
    for i in range(n_steps):
        q = q + step_size * p
        if i != n_steps - 1:
            p = p - step_size * grad_potential(q)
    p = p - 0.5 * step_size * grad_potential(q)
    return q, -p


Q0 = np.array([1.0, -0.5])
P0 = np.array([0.3, 0.9])


def loss(log_step, n_steps=5):
    eps = np.exp(log_step[0])
    q, p = leapfrog(Q0, P0, eps, n_steps)
    dH = potential(q) + kinetic(p) - potential(Q0) - kinetic(P0)
    return dH**2


def inputs():
    return (np.array([np.log(0.3)]),)
