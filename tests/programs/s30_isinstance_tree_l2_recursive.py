"""A recursive L2 regulariser written with isinstance dispatch over nested parameters
(dicts, lists, tuples and arrays), like a hand-rolled tree_map; the model is a two-layer
net stored as {"layers": [(W, b), (W, b)], "scale": array}. autograd boxes the dict it
differentiates (a DictBox is no dict to isinstance), so the ORACLE sums the leaves by name."""

import autograd.numpy as np
import autograd.numpy.random as npr


def l2(tree):
    if isinstance(tree, dict):
        return sum(l2(v) for v in tree.values())
    if isinstance(tree, (list, tuple)):
        return sum(l2(v) for v in tree)
    return np.sum(tree**2)


def count(tree):
    if isinstance(tree, dict):
        return sum(count(v) for v in tree.values())
    if isinstance(tree, (list, tuple)):
        return sum(count(v) for v in tree)
    return np.size(tree)


rs = npr.RandomState(3025)
X = rs.randn(14, 3)
Y = np.abs(X[:, :1]) - X[:, 2:]


def fit(params):
    h = X
    for W, b in params["layers"][:-1]:
        h = np.tanh(h @ W + b)
    W, b = params["layers"][-1]
    pred = params["scale"] * (h @ W + b)
    return np.mean((pred - Y) ** 2)


def loss(params):
    return fit(params) + 1e-2 * l2(params) / count(params)


def oracle(params):
    leaves = [a for layer in params["layers"] for a in layer] + [params["scale"]]
    return fit(params) + 1e-2 * sum(np.sum(a**2) for a in leaves) / 22


ORACLE = "oracle"


def inputs():
    r = npr.RandomState(25)
    return (
        {
            "layers": [(0.5 * r.randn(3, 4), np.zeros(4)), (0.5 * r.randn(4, 1), np.zeros(1))],
            "scale": np.ones(1),
        },
    )
