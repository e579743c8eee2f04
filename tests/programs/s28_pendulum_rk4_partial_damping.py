"""Fit the damping and length of a pendulum to noisy angle observations: the dynamics
function takes its parameters as keyword arguments and is bound with functools.partial,
an RK4 step takes the bound dynamics and *args, and the observation times are picked
from the simulated trajectory with an integer index array."""

from functools import partial

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd import grad


def pendulum(state, t, damping=0.1, length=1.0, g=9.81):
    theta, omega = state[0], state[1]
    return np.array([omega, -(g / length) * np.sin(theta) - damping * omega])


def rk4_step(f, y, t, dt, *args):
    k1 = f(y, t, *args)
    k2 = f(y + 0.5 * dt * k1, t + 0.5 * dt, *args)
    k3 = f(y + 0.5 * dt * k2, t + 0.5 * dt, *args)
    k4 = f(y + dt * k3, t + dt, *args)
    return y + dt / 6.0 * (k1 + 2 * k2 + 2 * k3 + k4)


def simulate(params, y0, n_steps=40, dt=0.05):
    log_damping, log_length = params
    f = partial(pendulum, damping=np.exp(log_damping), length=np.exp(log_length))
    ys = [y0]
    for i in range(n_steps):
        ys.append(rk4_step(f, ys[-1], i * dt, dt))
    return np.stack(ys)


Y0 = np.array([1.0, 0.0])
OBS_IDX = np.array([5, 10, 17, 25, 33, 40])
rs = npr.RandomState(2815)
OBS = simulate(np.log([0.3, 1.2]), Y0)[OBS_IDX, 0] + 0.01 * rs.randn(len(OBS_IDX))


def loss(params):
    theta = simulate(params, Y0)[OBS_IDX, 0]
    return np.sum((theta - OBS) ** 2)


def inputs():
    return (np.log(np.array([0.2, 1.0])),)


def result():
    p = inputs()[0]
    for _ in range(3):
        p = p - 0.1 * grad(loss)(p)
    return p
