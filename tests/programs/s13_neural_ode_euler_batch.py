"""A neural ODE fitted to a spiral with explicit Euler steps: the vector field is a
one-hidden-layer MLP with parameters in a dict, states are integrated for a batch of
initial points, and the loss compares the trajectory to targets at every step."""

import autograd.numpy as np
import autograd.numpy.random as npr


def field(params, z):
    h = np.tanh(np.dot(z, params["W1"]) + params["b1"])
    return np.dot(h, params["W2"])


def odeint_euler(params, z0, n_steps, dt):
    zs = []
    z = z0
    for _ in range(n_steps):
        z = z + dt * field(params, z)
        zs.append(z)
    return np.stack(zs, axis=0)


def spiral(z0, n_steps, dt):
    A = np.array([[-0.1, 1.0], [-1.0, -0.1]])
    out, z = [], z0
    for _ in range(n_steps):
        z = z + dt * np.dot(z, A.T)
        out.append(z)
    return np.stack(out)


Z0 = np.array([[1.0, 0.0], [0.0, 1.0], [-0.5, 0.5]])
TARGET = spiral(Z0, 8, 0.1)


def loss(params):
    traj = odeint_euler(params, Z0, 8, 0.1)
    return np.mean((traj - TARGET) ** 2)


def inputs():
    rs = npr.RandomState(155)
    return ({"W1": 0.5 * rs.randn(2, 8), "b1": np.zeros(8), "W2": 0.5 * rs.randn(8, 2)},)
