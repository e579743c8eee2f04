"""A classifier whose penalties are builtin sums over generators of the layers
(sum(np.sum(W**2) for W, _ in params)), a flattened view by np.concatenate of ravelled
weights, and a layer loop with enumerate choosing the activation of the last layer."""

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd.scipy.special import logsumexp


def init_params(sizes, rs):
    return [(0.3 * rs.randn(m, n), 0.1 * rs.randn(n)) for m, n in zip(sizes[:-1], sizes[1:])]


def forward(params, X):
    h = X
    for i, (W, b) in enumerate(params):
        h = np.dot(h, W) + b
        if i < len(params) - 1:
            h = np.maximum(0.0, h) + 0.01 * np.minimum(0.0, h)
    return h - logsumexp(h, axis=1, keepdims=True)


def data():
    rs = npr.RandomState(1514)
    X = rs.randn(16, 4)
    labels = np.argmax(np.dot(X, rs.randn(4, 3)), axis=1)
    return X, np.eye(3)[labels]


X, T = data()


def loss(params, l2=1e-3, l1=1e-4):
    nll = -np.sum(forward(params, X) * T) / len(X)
    weight_decay = sum(np.sum(W**2) for W, _ in params)
    flat = np.concatenate([W.ravel() for W, b in params] + [b for _, b in params])
    return nll + l2 * weight_decay + l1 * np.sum(np.abs(flat))


def inputs():
    return (init_params([4, 6, 5, 3], npr.RandomState(15141)),)
