"""A Hamiltonian Monte Carlo transition whose leapfrog integrator calls grad of the
potential inside the objective (reverse over reverse); the loss is the expected energy
error of one trajectory, differentiated in the log step size and the initial momentum."""

import autograd.numpy as np
from autograd import grad

PREC = np.array([[2.0, 0.6], [0.6, 1.0]])


def potential(q):
    return 0.5 * np.dot(q, np.dot(PREC, q)) + 0.1 * np.sum(q**4)


def leapfrog(q, p, eps, steps):
    dU = grad(potential)
    p = p - 0.5 * eps * dU(q)
    for i in range(steps):
        q = q + eps * p
        if i < steps - 1:
            p = p - eps * dU(q)
    p = p - 0.5 * eps * dU(q)
    return q, p


def loss(theta, q0=np.array([0.8, -0.4])):  # noqa: B008
    eps = np.exp(theta[0])
    p0 = theta[1:]
    q, p = leapfrog(q0, p0, eps, 5)
    h0 = potential(q0) + 0.5 * np.sum(p0**2)
    h1 = potential(q) + 0.5 * np.sum(p**2)
    return (h1 - h0) ** 2 - 0.1 * np.sum((q - q0) ** 2)


def inputs():
    return (np.array([np.log(0.2), 0.5, -0.3]),)
