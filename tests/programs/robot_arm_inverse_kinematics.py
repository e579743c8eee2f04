"""Inverse kinematics of a planar robot arm: each link's homogeneous transform is built with
np.array from nested lists of differentiated scalars (cos, sin of the joint angle), the
transforms composed in a loop, the end effector read off; the loss reaches a target
while penalising joint angles and the elbow position."""

import autograd.numpy as np
from autograd import grad


def link_transform(theta, length):
    c, s = np.cos(theta), np.sin(theta)
    return np.array([[c, -s, length * c], [s, c, length * s], [0.0, 0.0, 1.0]])


def forward_kinematics(angles, lengths):
    T = np.eye(3)
    joints = []
    for theta, length in zip(angles, lengths):
        T = np.dot(T, link_transform(theta, length))
        joints.append(T[:2, 2])
    return joints


def loss(angles, lengths, target):
    joints = forward_kinematics(angles, lengths)
    reach = np.sum((joints[-1] - target) ** 2)
    elbow_height = joints[0][1]
    return reach + 0.01 * np.sum(angles**2) + 0.05 * elbow_height**2


def inputs():
    return np.array([0.3, -0.4, 0.8]), [1.0, 0.8, 0.5], np.array([1.2, 1.0])


def result():
    angles, lengths, target = inputs()
    g = grad(loss)
    for _ in range(15):
        angles = angles - 0.1 * g(angles, lengths, target)
    return angles, forward_kinematics(angles, lengths)[-1]
