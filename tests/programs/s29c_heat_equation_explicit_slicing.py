"""Recovering the initial temperature profile of a 1-D rod: the heat equation is stepped
explicitly with u[1:-1] + r * (u[2:] - 2 * u[1:-1] + u[:-2]), the fixed zero boundary
is put back with np.concatenate, and the loss is the misfit at the final time plus a
smoothness penalty on the initial profile from np.diff."""

import autograd.numpy as np
import autograd.numpy.random as npr

NX = 20
STEPS = 25
R = 0.4


def step(u):
    interior = u[1:-1] + R * (u[2:] - 2 * u[1:-1] + u[:-2])
    return np.concatenate([np.zeros(1), interior, np.zeros(1)])


def solve_heat(u0):
    u = u0
    for _ in range(STEPS):
        u = step(u)
    return u


xs = np.linspace(0, 1, NX)
TRUE_U0 = np.exp(-40 * (xs - 0.4) ** 2)
rs = npr.RandomState(29012)
FINAL = solve_heat(TRUE_U0) + 0.001 * rs.randn(NX)


def loss(u0):
    misfit = np.sum((solve_heat(u0) - FINAL) ** 2)
    smooth = 1e-3 * np.sum(np.diff(u0) ** 2)
    return misfit + smooth


def inputs():
    return (0.5 * np.exp(-20 * (xs - 0.5) ** 2),)
