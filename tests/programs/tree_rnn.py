"""Recursive neural network over binary parse trees (nested tuples of word ids): isinstance
dispatch and recursion."""

import autograd.numpy as np

trees = [((0, 1), (2, (3, 4))), (1, (0, 2)), 3]
labels = [1, 0, 1]


def encode(params, tree):
    E, W, b = params["E"], params["W"], params["b"]
    if isinstance(tree, int):
        return E[tree]
    left, right = tree
    children = np.concatenate([encode(params, left), encode(params, right)])
    return np.tanh(np.dot(W, children) + b)


def loss(params):
    total = 0.0
    for tree, label in zip(trees, labels):
        h = encode(params, tree)
        logit = np.dot(params["u"], h)
        total = total + np.logaddexp(0, -logit if label == 1 else logit)
    return total / len(trees)


def inputs():
    r = np.random.RandomState(0)
    return ({"E": r.randn(5, 3), "W": r.randn(3, 6) * 0.5, "b": np.zeros(3), "u": r.randn(3)},)
