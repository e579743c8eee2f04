"""A neural ODE fitted to a spiral with a hand-written fourth-order Runge-Kutta loop:
the dynamics network's parameters are a dict, the integrator takes the vector field
and its extra arguments through *args, and the trajectory is collected in a list and
stacked; the loss is the mean squared error to observed points."""

import autograd.numpy as np
import autograd.numpy.random as npr


def field(z, t, params):
    h = np.tanh(np.dot(z, params["W1"]) + params["b1"] + t * params["wt"])
    return np.dot(h, params["W2"]) + params["b2"]


def rk4(f, z0, ts, *args):
    zs = [z0]
    z = z0
    for t0, t1 in zip(ts[:-1], ts[1:]):
        h = t1 - t0
        k1 = f(z, t0, *args)
        k2 = f(z + 0.5 * h * k1, t0 + 0.5 * h, *args)
        k3 = f(z + 0.5 * h * k2, t0 + 0.5 * h, *args)
        k4 = f(z + h * k3, t1, *args)
        z = z + h / 6.0 * (k1 + 2 * k2 + 2 * k3 + k4)
        zs.append(z)
    return np.stack(zs)


TS = np.linspace(0.0, 1.5, 9)
TRUE = np.stack([np.exp(-0.3 * TS) * np.cos(2 * TS), np.exp(-0.3 * TS) * np.sin(2 * TS)], axis=1)


def loss(params, z0=TRUE[0]):
    pred = rk4(field, z0, TS, params)
    return np.mean((pred - TRUE) ** 2)


def inputs():
    rs = npr.RandomState(3)
    params = {
        "W1": 0.5 * rs.randn(2, 8),
        "b1": np.zeros(8),
        "wt": 0.1 * rs.randn(8),
        "W2": 0.5 * rs.randn(8, 2),
        "b2": np.zeros(2),
    }
    return (params,)
