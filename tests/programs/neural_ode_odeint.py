"""A neural ODE fitted to a damped oscillator's trajectory: the network's layers go
through odeint's args as a list of (W, b) tuples, the gradient by the adjoint method."""

import autograd.numpy as np
from autograd.builtins import tuple
from autograd.scipy.integrate import odeint

TIMES = np.linspace(0.0, 1.0, 6)


def oscillator(y, t, A):
    return np.dot(y, A)


def network(y, t, layers):
    for W, b in layers:
        out = np.dot(y, W) + b
        y = np.tanh(out)
    return out


def loss(layers, y0):
    true_A = np.array([[-0.1, 2.0], [-2.0, -0.1]])
    target = odeint(oscillator, y0, TIMES, tuple((true_A,)), rtol=1e-10, atol=1e-10)
    pred = odeint(network, y0, TIMES, tuple((layers,)), rtol=1e-10, atol=1e-10)
    return np.mean((pred - target) ** 2)


ARGNUM = (0, 1)


def inputs():
    rs = np.random.RandomState(0)
    layers = [(rs.randn(2, 6) * 0.5, rs.randn(6) * 0.1), (rs.randn(6, 2) * 0.5, rs.randn(2) * 0.1)]
    return layers, np.array([1.0, 0.2])
