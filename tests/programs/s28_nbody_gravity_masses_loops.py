"""Recover the masses of a three-body system from observed final positions: pairwise
softened gravitational accelerations are summed in nested Python loops over bodies
(skipping i == j with continue), the state is stepped by semi-implicit Euler, and the
masses are log-parameterised."""

import autograd.numpy as np
from autograd import grad

G = 1.0
SOFT = 0.1


def accelerations(pos, masses):
    n = len(masses)
    acc = []
    for i in range(n):
        a_i = np.zeros(2)
        for j in range(n):
            if i == j:
                continue
            d = pos[j] - pos[i]
            r2 = np.sum(d**2) + SOFT**2
            a_i = a_i + G * masses[j] * d / r2**1.5
        acc.append(a_i)
    return np.stack(acc)


def integrate(log_m, pos, vel, dt=0.02, steps=25):
    masses = np.exp(log_m)
    for _ in range(steps):
        vel = vel + dt * accelerations(pos, masses)
        pos = pos + dt * vel
    return pos, vel


POS0 = np.array([[1.0, 0.0], [-0.5, 0.8], [-0.5, -0.8]])
VEL0 = np.array([[0.0, 0.5], [-0.4, -0.25], [0.4, -0.25]])
TRUE = np.log(np.array([1.0, 0.7, 1.3]))
OBS_POS, OBS_VEL = integrate(TRUE, POS0, VEL0)


def loss(log_m):
    pos, vel = integrate(log_m, POS0, VEL0)
    return np.sum((pos - OBS_POS) ** 2) + 0.1 * np.sum((vel - OBS_VEL) ** 2)


def inputs():
    return (np.zeros(3),)


def result():
    log_m = inputs()[0]
    for _ in range(3):
        log_m = log_m - 0.5 * grad(loss)(log_m)
    return log_m
