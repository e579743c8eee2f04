"""Layers transposed with zip(*params), weights multiplied by reduce(np.dot), map over lists."""

from functools import reduce

import autograd.numpy as np

X = np.random.RandomState(0).randn(4, 3)


def loss(params):
    Ws, bs = zip(*params)
    linear = reduce(np.dot, Ws)  # product of all weight matrices
    shift = sum(bs)
    norms = list(map(lambda W: np.sum(W**2), Ws))
    out = np.dot(X, linear) + shift
    return np.sum(np.tanh(out)) + 0.1 * sum(norms)


def inputs():
    r = np.random.RandomState(1)
    return ([(r.randn(3, 3) * 0.5, r.randn(3) * 0.1) for _ in range(3)],)
