"""1-D heat equation by explicit finite differences with slicing (u[2:] - 2 u[1:-1] +
u[:-2]) and Dirichlet boundaries glued back with np.concatenate; the loss fits a
measured final profile, differentiated in the spatially varying conductivity."""

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd import grad


def step(u, kappa, dx, dt, left=0.0, right=0.0):
    lap = (u[2:] - 2 * u[1:-1] + u[:-2]) / dx**2
    interior = u[1:-1] + dt * kappa[1:-1] * lap
    return np.concatenate([np.array([left]), interior, np.array([right])])


def solve(u0, kappa, n_steps=80):
    nx = u0.shape[0]
    dx = 1.0 / (nx - 1)
    dt = 0.2 * dx**2
    u = u0
    for t in range(n_steps):
        u = step(u, kappa, dx, dt)
    return u


def loss(kappa, u0, observed):
    u = solve(u0, kappa)
    misfit = np.mean((u - observed) ** 2)
    smooth = 1e-3 * np.sum(np.diff(kappa) ** 2)
    return misfit + smooth


def inputs():
    rs = npr.RandomState(4)
    x = np.linspace(0, 1, 12)
    u0 = np.sin(np.pi * x) + 0.3 * np.sin(3 * np.pi * x)
    observed = 0.6 * np.sin(np.pi * x) + 0.01 * rs.randn(12)
    return 0.8 + 0.2 * rs.rand(12), u0, observed


def result():
    kappa, u0, observed = inputs()
    g = grad(loss)
    for i in range(4):
        kappa = kappa - 2.0 * g(kappa, u0, observed)
    return kappa
