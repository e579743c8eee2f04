"""Equilibrium of a small spring network: the edge lengths use np.linalg.norm along an
axis, the rest lengths are a tuple of floats, the energy adds a gravity term, and the
positions of the free nodes are refined by a recursive helper that does a fixed number
of gradient-descent steps (recursion depth as the step count) with a nested grad; the
loss is the squared distance of the relaxed free node to a target as a function of the
stiffnesses."""

import autograd.numpy as np
from autograd import grad

ANCHORS = np.array([[0.0, 0.0], [2.0, 0.0]])
EDGES = ((0, 2), (1, 2))
REST = (1.2, 1.2)
TARGET = np.array([1.0, -1.1])


def energy(free, log_k):
    nodes = np.concatenate([ANCHORS, free[None, :]])
    i = np.array([e[0] for e in EDGES])
    j = np.array([e[1] for e in EDGES])
    lengths = np.linalg.norm(nodes[i] - nodes[j], axis=1)
    springs = 0.5 * np.sum(np.exp(log_k) * (lengths - np.array(REST)) ** 2)
    return springs + 0.3 * free[1]


denergy = grad(energy)


def relax(free, log_k, steps, lr=0.2):
    if steps == 0:
        return free
    return relax(free - lr * denergy(free, log_k), log_k, steps - 1, lr)


def loss(log_k):
    free = relax(np.array([1.0, -0.5]), log_k, 6)
    return np.sum((free - TARGET) ** 2)


def inputs():
    return (np.array([0.5, -0.2]),)
