"""Leapfrog integration of Hamiltonian dynamics for a banana-shaped target; the gradient
of the potential comes from autograd.grad inside the integrator, and the loss is the
energy error of the trajectory as a function of the step size and initial momentum."""

import autograd.numpy as np
from autograd import grad


def potential(q):
    x, y = q[0], q[1]
    return 0.5 * x**2 + 0.5 * (y - x**2) ** 2 / 0.5


grad_potential = grad(potential)


def hamiltonian(q, p):
    return potential(q) + 0.5 * np.sum(p**2)


def leapfrog(q, p, eps, n_steps):
    p = p - 0.5 * eps * grad_potential(q)
    for i in range(n_steps):
        q = q + eps * p
        if i != n_steps - 1:
            p = p - eps * grad_potential(q)
    p = p - 0.5 * eps * grad_potential(q)
    return q, -p


def loss(theta):
    eps, p0 = theta[0], theta[1:]
    q0 = np.array([0.5, 0.2])
    q, p = leapfrog(q0, p0, eps, 6)
    return (hamiltonian(q, p) - hamiltonian(q0, p0)) ** 2 + np.sum(q**2)


def inputs():
    return (np.array([0.15, 0.3, -0.4]),)
