"""An MLP whose layers are functools.partial objects kept in a list (one per weight
pair), a helper taking **kwargs built with update(), and *params[:-1] / *params[-1:]
slices unpacked into calls and displays."""

from functools import partial

import autograd.numpy as np
import autograd.numpy.random as npr


def dense(h, W, b, act=np.tanh, scale=1.0, dropout_mask=None):
    out = act(scale * (np.dot(h, W) + b))
    if dropout_mask is not None:
        out = out * dropout_mask
    return out


def readout(h, W, b):
    return np.dot(h, W) + b


def penalty(*weights):
    return sum(np.sum(w**2) for w in weights)


def loss(params, X, y, train=True):
    hidden = params[:-1]
    layers = [partial(dense, W=W, b=b, scale=0.9) for W, b in hidden]
    h = X
    for layer in layers:
        h = layer(h)
    opts = {}
    opts.update(W=params[-1][0])
    opts.update({"b": params[-1][1]})
    out = readout(h, **opts)
    weights = [*[W for W, _ in params[:-1]], params[-1][0]]
    return np.mean((out - y) ** 2) + 1e-3 * penalty(*weights)


def inputs():
    rs = npr.RandomState(11)
    params = [
        (rs.randn(3, 5) * 0.5, rs.randn(5) * 0.1),
        (rs.randn(5, 4) * 0.5, rs.randn(4) * 0.1),
        (rs.randn(4, 1) * 0.5, rs.randn(1) * 0.1),
    ]
    return params, rs.randn(6, 3), rs.randn(6, 1)
