"""A bilevel fit where each data point's latent is the minimiser of a smooth 1-D energy,
found inside the loss by a few Newton steps whose first and second derivatives come from
grad(energy) and grad(grad(energy)); the outer loss is differentiated through the Newton
iterations (second-order nested grad inside the objective)."""

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd import grad

rs = npr.RandomState(2220)
OBS = rs.randn(6)
TARGETS = np.tanh(OBS) + 0.05 * rs.randn(6)


def energy(z, x, a, b):
    return 0.5 * a * (z - x) ** 2 + b * np.log(np.cosh(z))


d_energy = grad(energy)
d2_energy = grad(grad(energy))


def inner_argmin(x, a, b, steps=4):
    z = x
    for _ in range(steps):
        z = z - d_energy(z, x, a, b) / d2_energy(z, x, a, b)
    return z


def loss(theta):
    a, b = np.exp(theta[0]), np.exp(theta[1])
    total = 0.0
    for x, y in zip(OBS, TARGETS):
        total = total + (inner_argmin(x, a, b) - y) ** 2
    return total


def inputs():
    return (np.array([0.3, -0.4]),)
