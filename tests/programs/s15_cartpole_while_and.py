"""A cart-pole rolled out under a linear feedback policy until the pole falls or the
horizon ends (while t < T and abs(theta) < limit), Euler steps, and a cost on the
states visited; differentiated in the feedback gains."""

import autograd.numpy as np

G, MC, MP, L = 9.8, 1.0, 0.1, 0.5


def dynamics(state, force):
    x_dot, th, th_dot = state[1], state[2], state[3]
    s, c = np.sin(th), np.cos(th)
    temp = (force + MP * L * th_dot**2 * s) / (MC + MP)
    th_acc = (G * s - c * temp) / (L * (4.0 / 3.0 - MP * c**2 / (MC + MP)))
    x_acc = temp - MP * L * th_acc * c / (MC + MP)
    return np.array([x_dot, x_acc, th_dot, th_acc])


def loss(gains, T=60, dt=0.02, limit=0.8):
    state = np.array([0.0, 0.0, 0.15, 0.0])
    cost, t = 0.0, 0
    while t < T and abs(state[2]) < limit:
        force = -np.dot(gains, state)
        state = state + dt * dynamics(state, force)
        cost = cost + state[2] ** 2 + 0.1 * state[0] ** 2 + 0.001 * force**2
        t += 1
    return cost + (T - t) * 1.0


def inputs():
    return (np.array([-1.0, -1.5, -18.0, -3.0]),)
