"""Small functional idioms: functools.reduce(operator.add, ...) over per-layer penalties,
operator.mul folding a product of gates, and enumerate(..., start=1) depth weights in a
deep linear network's loss."""

import functools
import operator

import autograd.numpy as np
import autograd.numpy.random as npr

rs = npr.RandomState(3039)
X = rs.randn(12, 3)
Y = X @ rs.randn(3, 3) * 0.5


def loss(Ws):
    h = X
    penalties = []
    for depth, W in enumerate(Ws, start=1):
        h = h @ W
        penalties.append(np.sum(W**2) / depth)
    gates = [1.0 / (1.0 + np.exp(-np.mean(W))) for W in Ws]
    gate = functools.reduce(operator.mul, gates, 1.0)
    reg = functools.reduce(operator.add, penalties)
    return np.mean((gate * h - Y) ** 2) + 1e-2 * reg


def inputs():
    r = npr.RandomState(39)
    return ([np.eye(3) + 0.2 * r.randn(3, 3) for _ in range(3)],)
