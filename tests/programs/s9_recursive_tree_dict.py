"""Recursive network over a binary tree given as nested tuples; leaves index an
embedding table; the combine weights are in a dict."""

import autograd.numpy as np
import autograd.numpy.random as npr

TREE = ((0, 1), (2, (3, 0)))


def encode(params, node):
    if isinstance(node, int):
        return params["emb"][node]
    left = encode(params, node[0])
    right = encode(params, node[1])
    return np.tanh(np.dot(params["W"], np.concatenate([left, right])) + params["b"])


def loss(params, target):
    return np.sum((encode(params, TREE) - target) ** 2)


def inputs():
    rs = npr.RandomState(26)
    return {"emb": rs.randn(4, 3), "W": 0.5 * rs.randn(3, 6), "b": np.zeros(3)}, rs.randn(3)
