"""A two-output pendulum simulation; autograd.make_vjp gives the sensitivity of the final
(angle, velocity) pair to the initial state for each output direction (result), and the
loss is the final energy."""

import autograd.numpy as np
from autograd import make_vjp


def simulate(state, g=9.81, length=1.3, dt=0.02, steps=25):
    theta, omega = state[0], state[1]
    for _ in range(steps):
        omega = omega - dt * g / length * np.sin(theta)
        theta = theta + dt * omega
    return np.array([theta, omega])


def loss(state):
    theta, omega = simulate(state)
    return 0.5 * 1.3**2 * omega**2 + 9.81 * 1.3 * (1 - np.cos(theta))


def inputs():
    return (np.array([0.6, -0.2]),)


def result():
    vjp, final = make_vjp(simulate)(np.array([0.6, -0.2]))
    rows = [vjp(e) for e in np.eye(2)]
    return final, np.stack(rows)
