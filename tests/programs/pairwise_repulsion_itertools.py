"""Particle layout by pairwise repulsion and springs: itertools.combinations over the
particle indices, Python builtins on differentiated scalars (max, abs, pow) in a
soft-core potential, an edge list of springs; the energy differentiated in positions."""

import itertools

import autograd.numpy as np
import autograd.numpy.random as npr

EDGES = [(0, 1), (1, 2), (2, 3), (3, 0), (0, 2)]


def energy(pos, rest=1.0, core=0.3):
    n = pos.shape[0]
    total = 0.0
    for i, j in itertools.combinations(range(n), 2):
        d = np.sqrt(np.sum((pos[i] - pos[j]) ** 2))
        total = total + 1.0 / max(d, core) + 0.1 * abs(d - rest) ** 3
    for i, j in EDGES:
        d = np.sqrt(np.sum((pos[i] - pos[j]) ** 2))
        total = total + pow(d - rest, 2)
    return total


def loss(pos):
    return energy(pos)


def inputs():
    rs = npr.RandomState(99)
    return (rs.randn(5, 2),)
