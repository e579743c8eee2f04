"""A damped pendulum simulated with its state in a NamedTuple: each step makes the next
state with state._replace(theta=..., omega=...); the controller gains enter the torque;
the loss is the final energy plus the control effort, differentiated in the gains."""

from collections import namedtuple

import autograd.numpy as np

State = namedtuple("State", ["theta", "omega", "effort"])


def step(state, gains, dt=0.05, damping=0.1):
    torque = -gains[0] * state.theta - gains[1] * state.omega
    alpha = -9.81 * np.sin(state.theta) - damping * state.omega + torque
    omega = state.omega + dt * alpha
    return state._replace(
        theta=state.theta + dt * omega, omega=omega, effort=state.effort + dt * torque**2
    )


def loss(gains, theta0):
    state = State(theta=theta0, omega=0.0, effort=0.0)
    for _ in range(40):
        state = step(state, gains)
    energy = 0.5 * state.omega**2 + 9.81 * (1 - np.cos(state.theta))
    return energy + 0.01 * state.effort


def inputs():
    return np.array([1.0, 0.5]), 0.8
