"""LSTM cell unrolled over time, gates from one concatenated matrix product."""

import autograd.numpy as np
import autograd.numpy.random as npr

H = 3


def sigmoid(x):
    return 0.5 * (np.tanh(x) + 1.0)


def lstm_step(W, b, x, h, c):
    z = np.dot(np.concatenate([x, h]), W) + b
    i, f, o, g = (
        sigmoid(z[:H]),
        sigmoid(z[H : 2 * H]),
        sigmoid(z[2 * H : 3 * H]),
        np.tanh(z[3 * H :]),
    )
    c = f * c + i * g
    h = o * np.tanh(c)
    return h, c


def loss(W, b, xs, target):
    h, c = np.zeros(H), np.zeros(H)
    for x in xs:
        h, c = lstm_step(W, b, x, h, c)
    return np.sum((h - target) ** 2)


ARGNUM = (0, 1)


def inputs():
    rs = npr.RandomState(6)
    return 0.3 * rs.randn(2 + H, 4 * H), 0.1 * rs.randn(4 * H), rs.randn(5, 2), rs.randn(H)
