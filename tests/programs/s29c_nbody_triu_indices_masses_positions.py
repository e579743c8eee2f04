"""A vectorised N-body potential: pair indices come from np.triu_indices, separations from
fancy indexing of the position array, and the energy is differentiated in both the log
masses and the positions (ARGNUM = (0, 1)), as a sensitivity study would."""

import autograd.numpy as np
import autograd.numpy.random as npr

ARGNUM = (0, 1)
N = 5
I, J = np.triu_indices(N, k=1)


def potential(log_masses, pos, softening=0.05):
    m = np.exp(log_masses)
    diff = pos[I] - pos[J]
    r = np.sqrt(np.sum(diff**2, axis=1) + softening**2)
    return -np.sum(m[I] * m[J] / r)


def loss(log_masses, pos):
    com = np.sum(np.exp(log_masses)[:, None] * pos, axis=0) / np.sum(np.exp(log_masses))
    return potential(log_masses, pos) + 0.5 * np.sum(com**2)


def inputs():
    r = npr.RandomState(29)
    return 0.2 * r.randn(N), r.randn(N, 3)
