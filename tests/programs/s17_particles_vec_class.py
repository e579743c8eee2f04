"""Particles on springs integrated with semi-implicit Euler, the state held in a small
Vec class with operator methods (__add__, __sub__, __mul__, __rmul__, __truediv__,
__neg__) whose coordinates are arrays; position and velocity rebound every step
(p = p + v * dt), the energy accumulated with +=; the loss is the miss distance to a
target plus the mean kinetic energy."""

import autograd.numpy as np


class Vec:
    def __init__(self, x, y):
        self.x = x
        self.y = y

    def __add__(self, other):
        return Vec(self.x + other.x, self.y + other.y)

    def __sub__(self, other):
        return Vec(self.x - other.x, self.y - other.y)

    def __mul__(self, k):
        return Vec(self.x * k, self.y * k)

    def __rmul__(self, k):
        return Vec(k * self.x, k * self.y)

    def __truediv__(self, k):
        return Vec(self.x / k, self.y / k)

    def __neg__(self):
        return Vec(-self.x, -self.y)

    def dot(self, other):
        return self.x * other.x + self.y * other.y


TARGET = Vec(np.array([0.4, -0.2, 0.1]), np.array([0.3, 0.5, -0.4]))
MASS = np.array([1.0, 2.0, 0.5])


def loss(v0):
    p = Vec(np.array([1.0, 0.0, -1.0]), np.array([0.0, 1.0, 0.5]))
    v = Vec(v0[:3], v0[3:])
    dt = 0.05
    energy = 0.0
    for _ in range(20):
        force = -2.0 * p - 0.1 * v
        v = v + force / MASS * dt
        p = p + v * dt
        energy += 0.5 * np.sum(MASS * v.dot(v))
    miss = p - TARGET
    return np.sum(miss.dot(miss)) + energy / 20.0


def inputs():
    return (np.array([0.1, -0.5, 0.3, 0.8, 0.0, -0.2]),)
