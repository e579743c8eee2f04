"""A double pendulum integrated with semi-implicit Euler from its equations of motion
(solved as a 2x2 linear system with np.linalg.solve at each step); constants are
np.float64 values, the initial state is cast with .astype(float), and the loss is the
squared distance of the final tip position (a sum of unit vectors) from a target,
differentiated in the initial angular velocities."""

import autograd.numpy as np

G = np.float64(9.81)
M1, M2, L1, L2 = np.float64(1.0), np.float64(0.5), np.float64(1.0), np.float64(0.8)
DT, STEPS = 0.02, 40
THETA0 = np.array([1, 0]).astype(float) * 0.9
TARGET = np.array([0.6, -1.2])


def accelerations(theta, omega):
    t1, t2 = theta[0], theta[1]
    w1, w2 = omega[0], omega[1]
    delta = t1 - t2
    M = np.array(
        [
            [(M1 + M2) * L1, M2 * L2 * np.cos(delta)],
            [L1 * np.cos(delta), L2],
        ]
    )
    rhs = np.array(
        [
            -M2 * L2 * w2**2 * np.sin(delta) - (M1 + M2) * G * np.sin(t1),
            L1 * w1**2 * np.sin(delta) - G * np.sin(t2),
        ]
    )
    return np.linalg.solve(M, rhs)


def tip(theta):
    e1 = np.array([np.sin(theta[0]), -np.cos(theta[0])])
    e2 = np.array([np.sin(theta[1]), -np.cos(theta[1])])
    return L1 * e1 + L2 * e2


def loss(omega0):
    theta, omega = THETA0, omega0
    for _ in range(STEPS):
        omega = omega + DT * accelerations(theta, omega)
        theta = theta + DT * omega
    d = tip(theta) - TARGET
    return np.dot(d, d)


def inputs():
    return (np.array([0.2, -0.4]),)
