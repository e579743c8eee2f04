"""Lagrangian mechanics by automatic differentiation (as in Lagrangian neural networks):
the equations of motion of a double pendulum come from the Hessian and Jacobian of the
Lagrangian, qdd = pinv(d2L/dqd2) (dL/dq - d2L/dqd dq qd); a rollout with Euler steps,
and the loss is how far the end state is from a target, in the rod lengths."""

import autograd.numpy as np
from autograd import grad, hessian, jacobian

G = 9.8


def lagrangian(state, lengths):
    q, qd = state[:2], state[2:]
    l1, l2 = lengths[0], lengths[1]
    t1, t2 = q[0], q[1]
    w1, w2 = qd[0], qd[1]
    kinetic = 0.5 * l1**2 * w1**2 + 0.5 * (
        l1**2 * w1**2 + l2**2 * w2**2 + 2 * l1 * l2 * w1 * w2 * np.cos(t1 - t2)
    )
    potential = -2 * G * l1 * np.cos(t1) - G * l2 * np.cos(t2)
    return kinetic - potential


def accelerations(state, lengths):
    qd = state[2:]
    H = hessian(lagrangian)(state, lengths)
    J = jacobian(lagrangian)(state, lengths)
    mass = H[2:, 2:]
    mixed = H[2:, :2]
    return np.dot(np.linalg.pinv(mass), J[:2] - np.dot(mixed, qd))


def rollout(lengths, state, dt=0.01, steps=12):
    for _ in range(steps):
        qdd = accelerations(state, lengths)
        state = state + dt * np.concatenate([state[2:], qdd])
    return state


TARGET = np.array([0.55, 0.75, -1.0, 0.4])


def loss(lengths, state0):
    final = rollout(lengths, state0)
    return np.sum((final - TARGET) ** 2)


def inputs():
    return np.array([1.0, 0.8]), np.array([0.6, 0.9, 0.0, 0.0])


def result():
    lengths, state0 = inputs()
    return rollout(lengths, state0), grad(loss)(lengths, state0)
