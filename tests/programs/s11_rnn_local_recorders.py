"""A recurrent net unrolled by local defs that call each other: step() reads the weights
of the function around it and calls record(), which appends to a history list of that
function; unroll() calls step(); the loss reads the history back."""

import autograd.numpy as np
import autograd.numpy.random as npr


def loss(params, xs, target):
    Wx, Wh, b = params
    history = []

    def record(h):
        history.append(h)

    def step(h, x):
        h = np.tanh(np.dot(x, Wx) + np.dot(h, Wh) + b)
        record(h)
        return h

    def unroll(h):
        for x in xs:
            h = step(h, x)
        return h

    h = unroll(np.zeros(Wh.shape[0]))
    smooth = sum(np.sum((a - c) ** 2) for a, c in zip(history[1:], history[:-1]))
    return np.sum((h - target) ** 2) + 0.1 * smooth


def inputs():
    rs = npr.RandomState(3)
    params = (rs.randn(2, 4) * 0.5, rs.randn(4, 4) * 0.5, rs.randn(4) * 0.1)
    return params, [rs.randn(2) for _ in range(4)], rs.randn(4)
