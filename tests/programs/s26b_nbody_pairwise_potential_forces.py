"""An n-body toy (gravity plus a short-range repulsion) written with broadcasting: the
pairwise displacement tensor r[:, None, :] - r[None, :, :], distances softened by eps,
the upper triangle picked with np.triu_indices for the potential, forces from
elementwise_grad of the total potential, velocity Verlet steps, and a loss that fits the
masses (log-parametrised) so the final centre of mass and a few particle positions match
targets. assert statements check shapes on the way."""

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd import elementwise_grad, grad

N, DIM = 5, 2
SOFTENING = 0.1
CONFIG = {"dt": 0.05, "steps": 8, "repulsion": 0.02}


def pairwise(r):
    diff = r[:, None, :] - r[None, :, :]
    assert diff.shape == (len(r), len(r), r.shape[1])
    return np.sqrt(np.sum(diff**2, axis=-1) + SOFTENING**2)


def potential(r, masses):
    dist = pairwise(r)
    i, j = np.triu_indices(len(r), k=1)
    mm = masses[i] * masses[j]
    gravity = -np.sum(mm / dist[i, j])
    repulsion = CONFIG["repulsion"] * np.sum(mm / dist[i, j] ** 6)
    return gravity + repulsion


force_fn = elementwise_grad(potential)


def verlet(r, v, masses, dt, steps):
    a = -force_fn(r, masses) / masses[:, None]
    for _ in range(steps):
        r = r + dt * v + 0.5 * dt**2 * a
        a_new = -force_fn(r, masses) / masses[:, None]
        v = v + 0.5 * dt * (a + a_new)
        a = a_new
    return r, v


def centre_of_mass(r, masses):
    return np.sum(masses[:, None] * r, axis=0) / np.sum(masses)


rs = npr.RandomState(2661)
R0 = rs.randn(N, DIM)
V0 = 0.1 * rs.randn(N, DIM)
TARGET_COM = np.array([0.1, -0.2])
TARGET_R = R0[:2] + 0.05


def loss(log_masses):
    masses = np.exp(log_masses)
    r, v = verlet(R0, V0, masses, CONFIG["dt"], CONFIG["steps"])
    com = centre_of_mass(r, masses)
    return np.sum((com - TARGET_COM) ** 2) + np.sum((r[:2] - TARGET_R) ** 2)


def inputs():
    return (np.linspace(-0.2, 0.2, N),)


def result():
    log_m = inputs()[0]
    g = grad(loss)
    for _ in range(4):
        log_m = log_m - 0.5 * g(log_m)
    masses = np.exp(log_m)
    kinetic = 0.5 * np.sum(masses[:, None] * verlet(R0, V0, masses, 0.05, 8)[1] ** 2)
    return log_m, kinetic, potential(R0, masses)
