"""Walking a nested parameter structure with a recursive generator that uses yield from;
the L2 penalty is sum(...) over the weights it yields, the model a small two-tower
network whose parameters are a dict of lists of (W, b) tuples.

Autograd itself cannot run this loss: its parameters arrive as a DictBox, which is no
dict, so weights() yields nothing for them and autograd's gradient leaves the penalty
out (a gradient finite differences disagree with); ORACLE spells the same penalty out
for autograd."""

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd import grad


def weights(tree):
    if isinstance(tree, dict):
        for key in sorted(tree):
            yield from weights(tree[key])
    elif isinstance(tree, (list, tuple)):
        for item in tree:
            yield from weights(item)
    elif np.ndim(tree) == 2:
        yield tree


def tower(layers, x):
    for W, b in layers:
        x = np.tanh(np.dot(x, W) + b)
    return x


def predict(params, user, item):
    u = tower(params["user"], user)
    v = tower(params["item"], item)
    return np.sum(u * v, axis=1)


def loss(params, user, item, rating, l2=1e-2):
    err = predict(params, user, item) - rating
    penalty = sum(np.sum(W**2) for W in weights(params))
    return np.mean(err**2) + l2 * penalty


def oracle_loss(params, user, item, rating, l2=1e-2):
    err = predict(params, user, item) - rating
    penalty = sum(np.sum(W**2) for key in ("item", "user") for W, _ in params[key])
    return np.mean(err**2) + l2 * penalty


ORACLE = "oracle_loss"


def init(sizes, rs):
    return [(0.4 * rs.randn(m, n), np.zeros(n)) for m, n in zip(sizes[:-1], sizes[1:])]


def inputs():
    rs = npr.RandomState(6)
    params = {"user": init([3, 5, 4], rs), "item": init([2, 4], rs)}
    return params, rs.randn(10, 3), rs.randn(10, 2), rs.randn(10)


def result():
    params = inputs()[0]
    return [np.shape(W) for W in weights(params)], grad(oracle_loss)(*inputs())["item"]
