"""Layer lists handled with Python idioms: Ws, bs = zip(*params) to transpose the
(W, b) pairs, a network taking its layers as *layers with a keyword-only scale, nested
unpacking in for i, (W, b) in enumerate(zip(Ws, bs)), and the weight decay over Ws
only."""

import autograd.numpy as np
import autograd.numpy.random as npr


def mlp(x, *layers, scale=1.0):
    n = len(layers)
    for i, (W, b) in enumerate(layers):
        x = np.dot(x, W) + b
        if i < n - 1:
            x = np.tanh(scale * x)
    return x


def loss(params, X, y, *, decay=1e-2):
    Ws, bs = zip(*params)
    pred = mlp(X, *params, scale=0.9)
    return np.mean((pred[:, 0] - y) ** 2) + decay * sum(np.sum(W**2) for W in Ws)


def inputs():
    rs = npr.RandomState(100)
    sizes = [2, 4, 4, 1]
    params = [(0.5 * rs.randn(m, n), 0.1 * rs.randn(n)) for m, n in zip(sizes, sizes[1:])]
    X = rs.randn(7, 2)
    return params, X, X[:, 0] * X[:, 1]
