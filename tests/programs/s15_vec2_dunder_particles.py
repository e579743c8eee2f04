"""A small 2-D vector class with operator overloading (__add__, __sub__, __mul__,
__rmul__, __truediv__, __neg__) holding array coordinates, used to integrate particles
in a central force field; the loss is the squared miss distance to targets."""

import autograd.numpy as np


class Vec2:
    def __init__(self, x, y):
        self.x = x
        self.y = y

    def __add__(self, other):
        return Vec2(self.x + other.x, self.y + other.y)

    def __sub__(self, other):
        return Vec2(self.x - other.x, self.y - other.y)

    def __mul__(self, k):
        return Vec2(self.x * k, self.y * k)

    __rmul__ = __mul__

    def __truediv__(self, k):
        return Vec2(self.x / k, self.y / k)

    def __neg__(self):
        return Vec2(-self.x, -self.y)

    def dot(self, other):
        return self.x * other.x + self.y * other.y

    def norm(self):
        return np.sqrt(self.dot(self))


def simulate(v0, steps=25, dt=0.04):
    pos = Vec2(np.array([1.0, 0.0, -1.0]), np.array([0.0, 1.0, 0.5]))
    vel = Vec2(v0[:3], v0[3:])
    for _ in range(steps):
        r = pos.norm()
        acc = -pos / (r**3 + 0.1)
        vel = vel + dt * acc
        pos = pos + vel * dt
    return pos


TARGET = Vec2(np.array([0.5, -0.5, 0.0]), np.array([0.5, 0.2, -0.8]))


def loss(v0):
    miss = simulate(v0) - TARGET
    return np.sum(miss.dot(miss))


def inputs():
    return (np.array([0.0, -0.8, 0.3, 0.9, 0.1, -0.5]),)
