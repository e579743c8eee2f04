"""A damped pendulum integrated with semi-implicit Euler in a while loop until a fixed time,
with math constants and global physical parameters; the loss is how far the final angle
is from a target, as a shooting method for the initial angular velocity writes it."""

import math

import autograd.numpy as np
from autograd import grad

G = 9.81
LENGTH = 1.5
DAMPING = 0.1
DT = 0.01
T_END = 1.0
TARGET_ANGLE = math.pi / 4


def simulate(theta0, omega0, damping=DAMPING):
    theta, omega = theta0, omega0
    t = 0.0
    steps = 0
    while t < T_END - 1e-12:
        alpha = -(G / LENGTH) * np.sin(theta) - damping * omega
        omega = omega + DT * alpha
        theta = theta + DT * omega
        t += DT
        steps += 1
    assert steps == int(round(T_END / DT))
    return theta, omega


def loss(params):
    omega0, damping = params[0], params[1]
    theta, omega = simulate(math.radians(10.0), omega0, damping=abs(damping))
    return (theta - TARGET_ANGLE) ** 2 + 0.01 * omega**2


def inputs():
    return (np.array([1.2, 0.15]),)


def result():
    p = inputs()[0]
    for _ in range(4):
        p = p - 0.2 * grad(loss)(p)
    return p
