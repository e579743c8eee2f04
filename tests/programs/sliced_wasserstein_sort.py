"""Sliced Wasserstein distance between generated and target samples: random projection
directions fixed up front, 1-D optimal transport by np.sort of each projection (a loop
over the directions) on both sides; the generator is an affine map, differentiated in its
parameters."""

import autograd.numpy as np
import autograd.numpy.random as npr


def generate(params, noise):
    A, b = params
    return np.dot(noise, A) + b


def sliced_wasserstein(x, y, directions):
    total = 0.0
    for d in directions:
        px = np.sort(np.dot(x, d))
        py = np.sort(np.dot(y, d))
        total = total + np.mean((px - py) ** 2)
    return total / len(directions)


def loss(params, noise, target, directions):
    return sliced_wasserstein(generate(params, noise), target, directions)


def inputs():
    rs = npr.RandomState(70)
    directions = rs.randn(6, 2)
    directions = directions / np.linalg.norm(directions, axis=1, keepdims=True)
    target = np.dot(rs.randn(9, 2), np.array([[2.0, 0.3], [0.0, 0.5]])) + np.array([1.0, -1.0])
    return (np.eye(2) + 0.1 * rs.randn(2, 2), np.zeros(2)), rs.randn(9, 2), target, directions
