"""Naive mean-field free energy of an Ising model on a small graph given as a list of
(i, j, J_ij) edges: magnetisations m = tanh(h_eff) from unconstrained fields, the energy
summed edge by edge in a Python loop, and the binary entropy of (1 +- m)/2; the gradient
is with respect to the variational fields."""

import autograd.numpy as np

EDGES = [(0, 1, 1.0), (1, 2, -0.5), (2, 3, 0.8), (3, 0, 0.3), (0, 2, -0.7), (1, 3, 0.4)]
FIELDS = np.array([0.2, -0.1, 0.05, 0.3])
BETA = 0.7


def binary_entropy(m, eps=1e-12):
    p = (1 + m) / 2
    q = (1 - m) / 2
    return -(p * np.log(p + eps) + q * np.log(q + eps))


def energy(m, edges=EDGES, fields=FIELDS):
    e = -np.dot(fields, m)
    for i, j, J in edges:
        e = e - J * m[i] * m[j]
    return e


def free_energy(phi, beta=BETA):
    m = np.tanh(phi)
    return energy(m) - np.sum(binary_entropy(m)) / beta


def loss(phi):
    return free_energy(phi)


def inputs():
    return (np.array([0.3, -0.2, 0.1, 0.4]),)
