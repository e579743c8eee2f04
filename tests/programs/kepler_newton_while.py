"""Kepler's equation solved by a Newton while loop inside the loss, differentiated through."""

import autograd.numpy as np


def eccentric_anomaly(M, e, tol=1e-10):
    E = M
    delta = 1.0
    it = 0
    while np.max(np.abs(delta)) > tol and it < 50:
        delta = (E - e * np.sin(E) - M) / (1 - e * np.cos(E))
        E = E - delta
        it += 1
    return E


def loss(params, t, obs):
    e, period = params[0], params[1]
    M = 2 * np.pi * t / period
    E = eccentric_anomaly(M, e)
    r = 1 - e * np.cos(E)
    return np.sum((r - obs) ** 2)


def inputs():
    t = np.linspace(0, 3, 10)
    obs = 1 - 0.3 * np.cos(eccentric_anomaly(2 * np.pi * t / 2.5, 0.3))
    return np.array([0.25, 2.3]), t, obs
