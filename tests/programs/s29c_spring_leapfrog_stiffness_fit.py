"""Fitting a damped spring's stiffness and damping to an observed trajectory: the
simulator integrates x'' = -k x - c x' with leapfrog (half kick, drift, half kick) in a
for loop, appending positions to a list, and the loss is the squared error between the
simulated and observed positions. Parameters are log k and log c in one array."""

import autograd.numpy as np
import autograd.numpy.random as npr

DT = 0.05
STEPS = 40


def acceleration(x, v, k, c):
    return -k * x - c * v


def simulate(log_params, x0=1.0, v0=0.0):
    k, c = np.exp(log_params[0]), np.exp(log_params[1])
    x, v = x0, v0
    positions = []
    for _ in range(STEPS):
        v_half = v + 0.5 * DT * acceleration(x, v, k, c)
        x = x + DT * v_half
        v = v_half + 0.5 * DT * acceleration(x, v_half, k, c)
        positions.append(x)
    return np.array(positions)


rs = npr.RandomState(29011)
OBSERVED = simulate(np.log(np.array([4.0, 0.3]))) + 0.01 * rs.randn(STEPS)


def loss(log_params):
    return np.sum((simulate(log_params) - OBSERVED) ** 2)


def inputs():
    return (np.log(np.array([3.0, 0.5])),)
