"""Recursion over a nested parameter tree with isinstance dispatch (autograd.builtins),
tree utilities do: an L2 penalty and a count of leaves for dicts, lists and tuples of
arrays, and a recursive MLP over a nested dict of layers."""

import autograd.numpy as np
from autograd.builtins import isinstance


def tree_l2(tree):
    if isinstance(tree, dict):
        return sum(tree_l2(tree[k]) for k in sorted(tree))
    if isinstance(tree, (list, tuple)):
        return sum(tree_l2(v) for v in tree)
    return np.sum(tree**2)


def n_leaves(tree):
    if isinstance(tree, dict):
        return sum(n_leaves(v) for v in tree.values())
    if isinstance(tree, (list, tuple)):
        return sum(n_leaves(v) for v in tree)
    return 1


def apply_block(block, x):
    if "inner" in block:
        x = apply_block(block["inner"], x)
    W, b = block["layer"]
    return np.tanh(np.dot(x, W) + b)


X = np.random.RandomState(0).randn(6, 3)


def loss(params):
    out = apply_block(params["body"], X)
    head = np.dot(out, params["head"][0]) + params["head"][1]
    return np.mean(head**2) + 1e-2 * tree_l2(params) / n_leaves(params)


def inputs():
    rs = np.random.RandomState(1)
    return (
        {
            "body": {
                "layer": (rs.randn(4, 4) * 0.5, np.zeros(4)),
                "inner": {"layer": (rs.randn(3, 4) * 0.5, rs.randn(4) * 0.1)},
            },
            "head": [rs.randn(4, 1), np.zeros(1)],
        },
    )
