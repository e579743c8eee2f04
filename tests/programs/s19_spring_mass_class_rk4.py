"""A damped spring-mass chain integrated with RK4 inside a class holding the physical
constants as class attributes; the loss fits the final positions, differentiated in the
spring constants."""

import autograd.numpy as np


class Chain:
    DT = 0.05
    STEPS = 20
    DAMPING = 0.1

    def __init__(self, k):
        self.k = k
        self.n = len(k)

    def accel(self, x, v):
        ext = np.concatenate([x[:1], x[1:] - x[:-1]])
        force = -self.k * ext
        net = force - np.concatenate([force[1:], np.zeros(1)])
        return net - self.DAMPING * v

    def deriv(self, state):
        x, v = state[: self.n], state[self.n :]
        return np.concatenate([v, self.accel(x, v)])

    def run(self, state):
        dt = self.DT
        for _ in range(self.STEPS):
            k1 = self.deriv(state)
            k2 = self.deriv(state + 0.5 * dt * k1)
            k3 = self.deriv(state + 0.5 * dt * k2)
            k4 = self.deriv(state + dt * k3)
            state = state + dt / 6.0 * (k1 + 2 * k2 + 2 * k3 + k4)
        return state


TARGET = np.array([0.2, 0.5, 0.7])


def loss(k):
    chain = Chain(k)
    start = np.concatenate([np.array([0.5, 1.0, 1.5]), np.zeros(3)])
    final = chain.run(start)
    return np.sum((final[: chain.n] - TARGET) ** 2)


def inputs():
    return (np.array([1.0, 2.0, 1.5]),)
