"""A loss decorated with functools.wraps, layers configured by **kwargs and *args."""

import functools

import autograd.numpy as np
import autograd.numpy.random as npr


def weighted(c):
    def decorate(fun):
        @functools.wraps(fun)
        def wrapper(*args, **kwargs):
            return c * fun(*args, **kwargs)

        return wrapper

    return decorate


def dense(x, W, b, **opts):
    out = np.dot(x, W) + b
    if opts.get("activation", "tanh") == "tanh":
        return np.tanh(out)
    return out * opts["slope"]


def stack(x, *layers):
    for W, b in layers:
        x = dense(x, W, b)
    return x


@weighted(0.5)
def loss(params, x, y):
    (W1, b1), (W2, b2) = params
    h = stack(x, (W1, b1))
    out = dense(h, W2, b2, activation="linear", slope=2.0)
    return np.mean((out - y) ** 2)


def inputs():
    rs = npr.RandomState(31)
    params = [(rs.randn(3, 4), rs.randn(4)), (rs.randn(4, 1), rs.randn(1))]
    return params, rs.randn(5, 3), rs.randn(5, 1)
