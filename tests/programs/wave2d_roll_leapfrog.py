"""2-D wave equation on a periodic grid: the Laplacian from np.roll along both axes, a
leapfrog scheme that keeps the previous and current fields (a, b = b, c), and a loss on a
probe region; differentiated in the initial displacement."""

import autograd.numpy as np
import autograd.numpy.random as npr


def laplacian(u):
    return (
        np.roll(u, 1, axis=0)
        + np.roll(u, -1, axis=0)
        + np.roll(u, 1, axis=1)
        + np.roll(u, -1, axis=1)
        - 4 * u
    )


def simulate(u0, c=0.5, steps=25):
    prev, cur = u0, u0
    for _ in range(steps):
        nxt = 2 * cur - prev + c**2 * laplacian(cur)
        prev, cur = cur, nxt
    return cur


def loss(u0, target):
    u = simulate(u0)
    probe = u[2:5, 3:6]
    return np.sum((probe - target) ** 2) + 0.1 * np.mean(u0**2)


def inputs():
    rs = npr.RandomState(31)
    return 0.5 * rs.randn(8, 8), rs.randn(3, 3)
