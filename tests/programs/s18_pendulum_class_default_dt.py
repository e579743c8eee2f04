"""A damped driven pendulum integrated by a class whose step method has a default time
step (def step(self, state, dt=0.05)) and uses a hand-written midpoint rule; the run
loops with while t < T, the state a tuple (theta, omega) unpacked each step, and the
loss fits the damping and drive parameters to a target final angle and energy."""

import autograd.numpy as np


class Pendulum:
    def __init__(self, length=1.0, g=9.81):
        self.length = length
        self.g = g

    def accel(self, theta, omega, params):
        damping, drive = params[0], params[1]
        return -self.g / self.length * np.sin(theta) - damping * omega + drive * np.cos(theta)

    def step(self, state, params, dt=0.05):
        theta, omega = state
        a = self.accel(theta, omega, params)
        th_mid = theta + 0.5 * dt * omega
        om_mid = omega + 0.5 * dt * a
        return theta + dt * om_mid, omega + dt * self.accel(th_mid, om_mid, params)

    def energy(self, state):
        theta, omega = state
        return 0.5 * self.length**2 * omega**2 + self.g * self.length * (1 - np.cos(theta))


def simulate(pend, params, T=1.0):
    state = (0.8, 0.0)
    t = 0.0
    while t < T:
        state = pend.step(state, params)
        t += 0.05
    return state


def loss(params):
    pend = Pendulum()
    state = simulate(pend, params)
    return (state[0] - 0.1) ** 2 + 0.01 * (pend.energy(state) - 1.0) ** 2


def inputs():
    return (np.array([0.3, 0.5]),)
