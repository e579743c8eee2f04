"""A deep-equilibrium layer: z* = tanh(W z* + U x) solved with
autograd.misc.fixed_points.fixed_point (differentiated implicitly), followed by a linear
readout and a squared error; differentiated in the readout and in W."""

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd.misc.fixed_points import fixed_point


def make_step(params):
    W, U, x = params

    def step(z):
        return np.tanh(np.dot(W, z) + np.dot(U, x))

    return step


def distance(a, b):
    return np.sqrt(np.sum((a - b) ** 2))


def rs_data():
    rs = npr.RandomState(1409)
    return rs.randn(4, 4) * 0.2, rs.randn(4, 3) * 0.5, rs.randn(3), rs.randn(4)


W0, U0, X0, R0 = rs_data()


def loss(W):
    z = fixed_point(make_step, (W, U0, X0), np.zeros(4), distance, 1e-12)
    return (np.dot(R0, z) - 0.7) ** 2 + 0.1 * np.sum(z**2)


def inputs():
    return (W0.copy(),)
