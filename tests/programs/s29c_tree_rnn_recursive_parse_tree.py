"""A recursive neural network over a binary parse tree given as nested tuples of word
indices: encode(tree) recurses, a leaf looks up its embedding row, an inner node composes
its two children with tanh(W [left; right] + b), and the root feeds a softmax
sentiment classifier. The loss sums the cross-entropy over a few labelled trees."""

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd.scipy.special import logsumexp

DIM = 4
VOCAB = 6
TREES = [
    (((0, 1), 2), 1),
    ((3, (4, 5)), 0),
    (((1, 2), (3, 0)), 1),
    ((5, 5), 0),
]


def encode(params, tree):
    if isinstance(tree, int):
        return params["embed"][tree]
    left, right = tree
    children = np.concatenate([encode(params, left), encode(params, right)])
    return np.tanh(np.dot(params["W"], children) + params["b"])


def loss(params):
    total = 0.0
    for tree, label in TREES:
        logits = np.dot(params["U"], encode(params, tree))
        total = total - (logits[label] - logsumexp(logits))
    return total / len(TREES)


def inputs():
    r = npr.RandomState(31)
    return (
        {
            "embed": 0.5 * r.randn(VOCAB, DIM),
            "W": 0.3 * r.randn(DIM, 2 * DIM),
            "b": np.zeros(DIM),
            "U": 0.3 * r.randn(2, DIM),
        },
    )
