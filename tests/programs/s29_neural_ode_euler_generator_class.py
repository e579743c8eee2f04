"""A neural ODE with a fixed-step Euler integrator written as a generator that yields
the state at each step; the vector field is a small class whose __call__ evaluates a
one-hidden-layer tanh network on (state, time). The loss compares the trajectory, read
with list(), to targets at every step."""

import autograd.numpy as np
import autograd.numpy.random as npr


class ODEFunc:
    def __init__(self, hidden):
        self.hidden = hidden

    def __call__(self, h, t, params):
        W1, b1, W2, b2 = params
        inp = np.concatenate([h, np.array([t])])
        return np.tanh(inp @ W1 + b1) @ W2 + b2


def euler(func, h0, t0, t1, n_steps, params):
    dt = (t1 - t0) / n_steps
    h, t = h0, t0
    for _ in range(n_steps):
        h = h + dt * func(h, t, params)
        t = t + dt
        yield h


FUNC = ODEFunc(hidden=6)
H0 = np.array([1.0, 0.0])
TIMES = np.linspace(0.1, 1.0, 10)
TARGETS = np.stack([np.cos(TIMES), -np.sin(TIMES)], axis=1)


def loss(params):
    traj = np.stack(list(euler(FUNC, H0, 0.0, 1.0, 10, params)))
    return np.mean((traj - TARGETS) ** 2)


def inputs():
    r = npr.RandomState(6)
    return ((0.5 * r.randn(3, 6), np.zeros(6), 0.5 * r.randn(6, 2), np.zeros(2)),)
