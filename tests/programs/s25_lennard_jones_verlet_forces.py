"""A small Lennard-Jones cluster integrated with velocity Verlet, the forces taken as
-grad(potential) inside the simulated loss (so the gradient of the loss is second
order); pairs from np.triu_indices, the potential summed over r**-12 - r**-6 terms with
a soft core, and the loss the squared distance of the final positions from a target
configuration, differentiated in the initial positions."""

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd import grad

N_ATOMS, DT, STEPS = 4, 0.01, 5
I, J = np.triu_indices(N_ATOMS, 1)
rs = npr.RandomState(2513)
TARGET = np.array([[0.0, 0.0], [1.1, 0.0], [0.0, 1.1], [1.1, 1.1]]) + 0.05 * rs.randn(4, 2)


def potential(positions, epsilon=1.0, sigma=1.0):
    diffs = positions[I] - positions[J]
    r2 = np.sum(diffs**2, axis=1) + 1e-3
    inv6 = (sigma**2 / r2) ** 3
    return 4 * epsilon * np.sum(inv6**2 - inv6)


force = lambda x: -grad(potential)(x)  # noqa: E731


def simulate(positions, velocities, masses):
    f = force(positions)
    for _ in range(STEPS):
        velocities = velocities + 0.5 * DT * f / masses[:, None]
        positions = positions + DT * velocities
        f = force(positions)
        velocities = velocities + 0.5 * DT * f / masses[:, None]
    return positions, velocities


def loss(positions):
    final, _ = simulate(positions, np.zeros_like(positions), np.ones(N_ATOMS))
    return np.sum((final - TARGET) ** 2)


def inputs():
    return (np.array([[0.0, 0.0], [1.15, 0.05], [-0.05, 1.12], [1.1, 1.15]]),)
