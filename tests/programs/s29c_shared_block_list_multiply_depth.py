"""A weight-shared deep residual net (one block applied DEPTH times, as in a universal
transformer or an ALBERT-style stack): the blocks are made by list multiplication,
blocks = [(W, b)] * DEPTH, so each item is the same pair; the hidden states are collected
with hs += [h] and the loss reads the last one and a penalty on the mean of all."""

import autograd.numpy as np
import autograd.numpy.random as npr

DEPTH = 4
rs = npr.RandomState(29044)
X = rs.randn(8, 3)
Y = rs.randn(8, 3)


def loss(params):
    W, b, V = params
    blocks = [(W, b)] * DEPTH
    h = h0 = np.dot(X, V)
    hs = []
    for Wi, bi in blocks:
        h = h + 0.5 * np.tanh(np.dot(h, Wi) + bi)
        hs += [h]
    smooth = np.mean((sum(hs) / len(hs) - h0) ** 2)
    return np.mean((hs[-1] - Y) ** 2) + 0.1 * smooth


def inputs():
    r = npr.RandomState(44)
    return ([0.4 * r.randn(3, 3), np.zeros(3), 0.8 * r.randn(3, 3)],)
