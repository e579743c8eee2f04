"""Chain of masses and springs integrated with a while loop; loss on the final positions."""

import autograd.numpy as np
import autograd.numpy.random as npr


def forces(pos, k, rest):
    stretch = np.diff(pos) - rest
    f = k * stretch
    return np.concatenate([f[:1], f[1:] - f[:-1], -f[-1:]])


def loss(k, pos0, target):
    pos, vel = pos0, np.zeros_like(pos0)
    t, dt = 0.0, 0.02
    while t < 0.5:
        vel = 0.98 * vel + dt * forces(pos, k, 1.0)
        pos = pos + dt * vel
        t = t + dt
    return np.sum((pos - target) ** 2)


def inputs():
    rs = npr.RandomState(15)
    return 2.0 + rs.rand(3), np.array([0.0, 1.2, 1.9, 3.3]), np.array([0.1, 1.0, 2.0, 3.0])
