"""A Lennard-Jones cluster relaxed with L-BFGS-B: the pair distances of the flattened
coordinates through np.triu_indices, the energy summed over pairs, jac=grad(energy); a
callback collects the energies of the iterates."""

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd import grad
from scipy.optimize import minimize

N_ATOMS = 6
I, J = np.triu_indices(N_ATOMS, k=1)


def pair_distances(flat):
    pos = flat.reshape(-1, 3)
    diff = pos[I] - pos[J]
    return np.sqrt(np.sum(diff**2, axis=-1))


def energy(flat, eps=1.0, sigma=1.0):
    r = pair_distances(flat)
    sr6 = (sigma / r) ** 6
    return 4 * eps * np.sum(sr6**2 - sr6)


def loss(flat):
    return energy(flat)


def inputs():
    rs = npr.RandomState(2)
    grid = np.array([[i, j, k] for i in range(2) for j in range(2) for k in range(2)][:N_ATOMS])
    return ((1.1 * grid + 0.05 * rs.randn(N_ATOMS, 3)).ravel(),)


def result():
    (x0,) = inputs()
    energies = []
    res = minimize(
        energy,
        x0,
        jac=grad(energy),
        method="L-BFGS-B",
        callback=lambda xk: energies.append(energy(xk)),
        options={"maxiter": 3},
    )
    return res.x, np.array(energies)
