"""A damped fixed-point iteration z <- (1 - a) z + a tanh(W z + b) run until the update is
small, the new iterate and its change bound with := in the while test, a step counter in
the test too; the per-unit squared activations are collected with a walrus in a list
comprehension that also leaves the last one bound."""

import autograd.numpy as np
import autograd.numpy.random as npr

rs = npr.RandomState(1703)
W = rs.randn(4, 4) * 0.25
B = rs.randn(4) * 0.5


def loss(theta):
    z = np.zeros(4)
    k = 0
    while (
        change := np.max(np.abs((z_new := 0.5 * z + 0.5 * np.tanh(np.dot(W, z) + theta)) - z))
    ) > 1e-10 and (k := k + 1) < 200:
        z = z_new
    sq = [last := z_new[i] ** 2 for i in range(4)]
    return np.sum(np.array(sq) * B) + last + change


def inputs():
    return (np.array([0.2, -0.4, 0.6, 0.1]),)
