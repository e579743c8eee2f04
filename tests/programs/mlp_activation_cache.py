"""Layer-by-layer forward pass that records every activation in a cache dict, in a
helper the loss calls without using its result; the loss reads the cache back."""

import autograd.numpy as np
import autograd.numpy.random as npr


def layer_forward(W, b, x, cache, i):
    z = np.dot(x, W) + b
    cache["z%d" % i] = z  # noqa: UP031
    cache["a%d" % i] = np.tanh(z)  # noqa: UP031
    return cache["a%d" % i]  # noqa: UP031


def forward(params, x, cache):
    a = x
    for i, (W, b) in enumerate(params):
        a = layer_forward(W, b, a, cache, i)
    cache["out"] = a


def loss(params, x, y):
    cache = {}
    forward(params, x, cache)
    penalty = 0.0
    for i in range(len(params)):
        penalty = penalty + 0.01 * np.sum(cache["z%d" % i] ** 2)  # noqa: UP031
    return np.mean((cache["out"] - y) ** 2) + penalty


def inputs():
    rs = npr.RandomState(41)
    params = [(0.5 * rs.randn(3, 4), 0.1 * rs.randn(4)), (0.5 * rs.randn(4, 2), 0.1 * rs.randn(2))]
    return params, rs.randn(5, 3), rs.randn(5, 2)
