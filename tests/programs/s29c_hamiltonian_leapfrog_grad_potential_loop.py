"""Hamiltonian dynamics of a pendulum chain: the force at each leapfrog step is
-grad(potential)(q, params) computed inside the simulation loop, the state is a tuple
(q, p) passed on with state = leapfrog(*state, params, dt=dt), and the loss is the squared
distance of the final angles from a target, differentiated in the stiffness and
gravity parameters (a nested grad inside a loop)."""

import autograd.numpy as np
from autograd import grad


def potential(q, params):
    gravity, coupling = params[0], params[1]
    return np.sum(gravity * (1 - np.cos(q))) + 0.5 * coupling * np.sum((q[1:] - q[:-1]) ** 2)


dV = grad(potential)


def leapfrog(q, p, params, dt=0.05):
    p = p - 0.5 * dt * dV(q, params)
    q = q + dt * p
    p = p - 0.5 * dt * dV(q, params)
    return q, p


def simulate(params, q0, p0, steps=15):
    state = (q0, p0)
    for _ in range(steps):
        state = leapfrog(*state, params, dt=0.05)
    return state


Q0 = np.array([0.3, -0.2, 0.5])
P0 = np.zeros(3)
TARGET = np.array([0.1, 0.0, 0.2])


def loss(params):
    q, p = simulate(params, Q0, P0)
    return np.sum((q - TARGET) ** 2) + 0.01 * np.sum(p**2)


def inputs():
    return (np.array([9.8, 2.0]),)
