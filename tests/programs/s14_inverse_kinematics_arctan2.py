"""Inverse kinematics of a three-link planar arm: joint angles accumulated with
np.cumsum, the end effector from cos/sin sums, and a loss on the distance (np.hypot) and
the heading (np.arctan2 of the last link) to a target."""

import autograd.numpy as np

LENGTHS = np.array([1.0, 0.8, 0.5])
TARGET = np.array([1.2, 0.9])


def end_effector(thetas):
    absolute = np.cumsum(thetas)
    x = np.sum(LENGTHS * np.cos(absolute))
    y = np.sum(LENGTHS * np.sin(absolute))
    return x, y, absolute[-1]


def loss(thetas, heading=0.7):
    x, y, last = end_effector(thetas)
    dist = np.hypot(x - TARGET[0], y - TARGET[1])
    direction = np.arctan2(np.sin(last), np.cos(last))
    return dist**2 + 0.1 * (direction - heading) ** 2 + 0.01 * np.sum(thetas**2)


def inputs():
    return (np.array([0.3, 0.5, -0.2]),)
