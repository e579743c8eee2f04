"""Inverse problem for the 2-D heat equation with a spatially varying diffusivity: each
explicit step pads the grid with np.pad (zeros: a cold boundary), builds the five-point
Laplacian from shifted slices of the padded array, and the loss is the misfit of the final
field plus a
total-variation-like penalty on the log diffusivity field it is differentiated in."""

import autograd.numpy as np
import autograd.numpy.random as npr

N = 8
STEPS = 10
DT = 0.1


def laplacian(u):
    up = np.pad(u, 1, mode="constant")
    return up[2:, 1:-1] + up[:-2, 1:-1] + up[1:-1, 2:] + up[1:-1, :-2] - 4 * u


def run(log_kappa, u0):
    kappa = np.exp(log_kappa)
    u = u0
    for step in range(STEPS):
        u = u + DT * kappa * laplacian(u)
    return u


xx, yy = np.meshgrid(np.linspace(0, 1, N), np.linspace(0, 1, N))
U0 = np.exp(-20 * ((xx - 0.5) ** 2 + (yy - 0.5) ** 2))
TRUE_LOG_KAPPA = -1.0 + 0.5 * xx
OBSERVED = run(TRUE_LOG_KAPPA, U0) + 0.001 * npr.RandomState(29025).randn(N, N)


def loss(log_kappa):
    misfit = np.sum((run(log_kappa, U0) - OBSERVED) ** 2)
    tv = np.sum(np.sqrt(np.diff(log_kappa, axis=0) ** 2 + 1e-4)) + np.sum(
        np.sqrt(np.diff(log_kappa, axis=1) ** 2 + 1e-4)
    )
    return misfit + 1e-3 * tv


def inputs():
    return (-1.0 * np.ones((N, N)) + 0.1 * npr.RandomState(26).randn(N, N),)
