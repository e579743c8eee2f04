"""A damped pendulum integrated with RK4 in a `while t < t_end` loop on a float clock
(t += dt, a plain number), with the final-time energy and the trajectory's mismatch to
observations at the recorded steps; the damping and length are fitted (log scale)."""

import autograd.numpy as np

G = 9.81


def rhs(y, damping, length):
    theta, omega = y[0], y[1]
    return np.array([omega, -G / length * np.sin(theta) - damping * omega])


def integrate(log_params, y0, dt=0.02, t_end=1.0):
    damping, length = np.exp(log_params[0]), np.exp(log_params[1])
    y, t, out = y0, 0.0, []
    while t < t_end - 1e-12:
        k1 = rhs(y, damping, length)
        k2 = rhs(y + 0.5 * dt * k1, damping, length)
        k3 = rhs(y + 0.5 * dt * k2, damping, length)
        k4 = rhs(y + dt * k3, damping, length)
        y = y + dt * (k1 + 2 * k2 + 2 * k3 + k4) / 6
        t += dt
        out.append(y[0])
    energy = 0.5 * length**2 * y[1] ** 2 + G * length * (1 - np.cos(y[0]))
    return np.array(out), energy


Y0 = np.array([0.8, 0.0])
OBS, _ = integrate(np.log(np.array([0.4, 1.3])), Y0)


def loss(log_params):
    traj, energy = integrate(log_params, Y0)
    return np.mean((traj - OBS) ** 2) + 0.01 * energy


def inputs():
    return (np.array([-0.5, 0.1]),)
