"""A loss taking *params; grad over several argnums; params passed with f(*params)."""

import autograd.numpy as np

X = np.random.RandomState(0).randn(5, 2)
y = np.random.RandomState(1).randn(5)


def model(x, *params):
    h = x
    for W in params[:-1]:
        h = np.tanh(h @ W)
    return h @ params[-1]


def loss(W1, W2, w3):
    params = [W1, W2, w3]
    return np.mean((model(X, *params) - y) ** 2)


ARGNUM = (0, 1, 2)


def inputs():
    r = np.random.RandomState(2)
    return r.randn(2, 3), r.randn(3, 3), r.randn(3)
