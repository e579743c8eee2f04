"""Velocity Verlet for a chain of masses joined by springs, the state a typing.NamedTuple
(positions, velocities) updated with ._replace; forces come from a potential through
autograd's grad, and the spring constants (log) are fitted to a recorded trajectory."""

from typing import NamedTuple

import autograd.numpy as np
from autograd import grad


class State(NamedTuple):
    q: np.ndarray
    v: np.ndarray


def potential(q, log_k):
    stretch = np.diff(np.concatenate([np.zeros(1), q])) - 1.0
    return 0.5 * np.sum(np.exp(log_k) * stretch**2)


force = grad(lambda q, log_k: -potential(q, log_k))


def verlet(state, log_k, dt):
    a = force(state.q, log_k)
    v_half = state.v + 0.5 * dt * a
    q = state.q + dt * v_half
    v = v_half + 0.5 * dt * force(q, log_k)
    return state._replace(q=q, v=v)


def simulate(log_k, n=30, dt=0.05):
    s = State(q=np.array([1.2, 1.9, 3.1]), v=np.zeros(3))
    qs = []
    for _ in range(n):
        s = verlet(s, log_k, dt)
        qs.append(s.q)
    return np.array(qs)


OBS = simulate(np.log(np.array([2.0, 1.0, 3.0])))


def loss(log_k):
    return np.mean((simulate(log_k) - OBS) ** 2)


def inputs():
    return (np.array([0.4, 0.2, 0.9]),)
