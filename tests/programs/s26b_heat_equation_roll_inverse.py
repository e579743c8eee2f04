"""Inverse problem for the 1-D heat equation on a periodic rod: explicit finite
differences with the Laplacian written via np.roll, a source term from a Gaussian bump
whose amplitude and width are parameters, and a diffusivity; the objective compares the
simulated temperature at sensor locations (an index array) with measurements and adds
a smoothness prior on the initial condition (np.diff). Parameters live in a dict; the
CFL condition is asserted before the time loop."""

import autograd.numpy as np
from autograd import grad

NX = 24
L_ROD = 1.0
DX = L_ROD / NX
X_GRID = np.arange(NX) * DX
SENSORS = np.array([2, 7, 12, 17, 21])


def laplacian(u):
    return (np.roll(u, 1) - 2 * u + np.roll(u, -1)) / DX**2


def source(params):
    amp, centre, log_width = params["amp"], params["centre"], params["log_width"]
    width = np.exp(log_width)
    return amp * np.exp(-0.5 * ((X_GRID - centre) / width) ** 2)


def simulate(params, n_steps=30, dt=2e-4):
    kappa = np.exp(params["log_kappa"])
    assert kappa * dt / DX**2 < 0.5, "unstable time step"
    u = params["u0"]
    f = source(params)
    history = []
    for step in range(n_steps):
        u = u + dt * (kappa * laplacian(u) + f)
        if step % 10 == 9:
            history.append(u[SENSORS])
    return u, np.array(history)


def make_truth():
    params = {
        "u0": np.sin(2 * np.pi * X_GRID),
        "log_kappa": np.log(0.5),
        "amp": 2.0,
        "centre": 0.4,
        "log_width": np.log(0.1),
    }
    _, obs = simulate(params)
    return obs


OBSERVED = make_truth()


def loss(params, prior=1e-3):
    _, predicted = simulate(params)
    misfit = np.sum((predicted - OBSERVED) ** 2)
    smooth = prior * np.sum(np.diff(params["u0"]) ** 2) / DX
    return misfit + smooth


def inputs():
    return (
        {
            "u0": np.sin(2 * np.pi * X_GRID) + 0.05 * np.cos(6 * np.pi * X_GRID),
            "log_kappa": np.log(0.4),
            "amp": 1.5,
            "centre": 0.45,
            "log_width": np.log(0.12),
        },
    )


def result():
    params = inputs()[0]
    g = grad(loss)
    for it in range(5):
        grads = g(params)
        params = {k: params[k] - 0.05 * grads[k] for k in params}
    return params, loss(params)
