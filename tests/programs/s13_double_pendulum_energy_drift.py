"""A double pendulum integrated with RK4, the state derivative built with np.array from
scalar expressions; the loss is the energy drift plus the final angle error as a
function of the two initial angles and angular velocities."""

import autograd.numpy as np

G, L1, L2, M1, M2 = 9.81, 1.0, 1.0, 1.0, 1.0


def derivs(s):
    th1, w1, th2, w2 = s[0], s[1], s[2], s[3]
    d = th2 - th1
    den1 = (M1 + M2) * L1 - M2 * L1 * np.cos(d) ** 2
    dw1 = (
        M2 * L1 * w1**2 * np.sin(d) * np.cos(d)
        + M2 * G * np.sin(th2) * np.cos(d)
        + M2 * L2 * w2**2 * np.sin(d)
        - (M1 + M2) * G * np.sin(th1)
    ) / den1
    den2 = (L2 / L1) * den1
    dw2 = (
        -M2 * L2 * w2**2 * np.sin(d) * np.cos(d)
        + (M1 + M2) * G * np.sin(th1) * np.cos(d)
        - (M1 + M2) * L1 * w1**2 * np.sin(d)
        - (M1 + M2) * G * np.sin(th2)
    ) / den2
    return np.array([w1, dw1, w2, dw2])


def rk4_step(s, dt):
    k1 = derivs(s)
    k2 = derivs(s + 0.5 * dt * k1)
    k3 = derivs(s + 0.5 * dt * k2)
    k4 = derivs(s + dt * k3)
    return s + dt / 6.0 * (k1 + 2 * k2 + 2 * k3 + k4)


def energy(s):
    th1, w1, th2, w2 = s[0], s[1], s[2], s[3]
    kinetic = 0.5 * (M1 + M2) * L1**2 * w1**2 + 0.5 * M2 * L2**2 * w2**2
    kinetic = kinetic + M2 * L1 * L2 * w1 * w2 * np.cos(th1 - th2)
    potential = -(M1 + M2) * G * L1 * np.cos(th1) - M2 * G * L2 * np.cos(th2)
    return kinetic + potential


def loss(s0, n_steps=15, dt=0.02):
    s = s0
    for _ in range(n_steps):
        s = rk4_step(s, dt)
    return (energy(s) - energy(s0)) ** 2 * 1e3 + (s[0] - 0.5) ** 2


def inputs():
    return (np.array([0.8, 0.0, 1.2, 0.3]),)
