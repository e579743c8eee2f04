"""A chain of masses joined by springs, both ends fixed: forces from np.diff of the
padded positions, velocity Verlet over 150 steps with damping; gradient of a terminal
cost in the spring constants."""

import autograd.numpy as np
import autograd.numpy.random as npr


def forces(x, k, rest):
    padded = np.concatenate([np.array([0.0]), x, np.array([len(x) + 1.0])])
    ext = np.diff(padded) - rest  # extension of each of the len(x)+1 springs
    tension = k * ext
    return tension[1:] - tension[:-1]


def verlet(x, v, k, rest, mass=1.0, dt=0.02, steps=150, damping=0.05):
    a = forces(x, k, rest) / mass
    for _ in range(steps):
        x = x + v * dt + 0.5 * a * dt**2
        a_new = forces(x, k, rest) / mass - damping * v
        v = v + 0.5 * (a + a_new) * dt
        a = a_new
    return x, v


def loss(k, x0, v0, target):
    x, v = verlet(x0, v0, k, rest=1.0)
    return np.sum((x - target) ** 2) + 0.5 * np.sum(v**2)


def inputs():
    rs = npr.RandomState(21)
    n = 5
    x0 = np.arange(1.0, n + 1) + 0.2 * rs.randn(n)
    return 1.0 + 0.5 * rs.rand(n + 1), x0, np.zeros(n), np.arange(1.0, n + 1) + 0.1
