"""A spring network relaxed by gradient descent on its potential energy: edges are a list
of (i, j, rest_length, stiffness) tuples, two nodes are pinned with np.where on a mask,
and result() runs a descent loop that stops when the gradient norm is small."""

import autograd.numpy as np
from autograd import grad

EDGES = [(0, 1, 1.0, 5.0), (1, 2, 1.0, 5.0), (2, 3, 1.2, 3.0), (3, 0, 1.0, 4.0), (0, 2, 1.5, 2.0)]
PINNED = np.array([1.0, 0.0, 0.0, 1.0])[:, None]
ANCHORS = np.array([[0.0, 0.0], [0.0, 0.0], [0.0, 0.0], [0.0, 1.0]])


def energy(pos):
    pos = np.where(PINNED > 0, ANCHORS, pos)
    total = 0.0
    for i, j, rest, k in EDGES:
        d = pos[i] - pos[j]
        length = np.sqrt(np.sum(d**2) + 1e-12)
        total = total + 0.5 * k * (length - rest) ** 2
    gravity = 0.1 * np.sum(pos[:, 1])
    return total + gravity


def loss(pos):
    return energy(pos)


def inputs():
    return (np.array([[0.0, 0.0], [1.1, 0.1], [0.9, 1.2], [0.0, 1.0]]),)


def result():
    (pos,) = inputs()
    g = grad(energy)
    for it in range(200):
        step = g(pos)
        if np.linalg.norm(step) < 1e-3:
            break
        pos = pos - 0.02 * step
    return pos, it
