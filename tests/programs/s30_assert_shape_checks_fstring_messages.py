"""A softmax regression whose functions validate their inputs the way careful code does:
assert statements on shapes and ndim with f-string messages, and a ValueError raised
for a bad reduction name; the loss chooses "mean" by keyword."""

import autograd.numpy as np
import autograd.numpy.random as npr

rs = npr.RandomState(3028)
X = rs.randn(25, 3)
LABELS = rs.randint(0, 4, size=25)


def log_softmax(z):
    assert z.ndim == 2, f"expected a matrix, got shape {z.shape}"
    m = np.max(z, axis=1, keepdims=True)
    return z - m - np.log(np.sum(np.exp(z - m), axis=1, keepdims=True))


def nll(logp, labels, reduction="mean"):
    assert logp.shape[0] == len(labels), f"{logp.shape[0]} rows but {len(labels)} labels"
    picked = logp[np.arange(len(labels)), labels]
    if reduction == "mean":
        return -np.mean(picked)
    if reduction == "sum":
        return -np.sum(picked)
    raise ValueError(f"unknown reduction {reduction!r}")


def loss(W):
    n_features, n_classes = W.shape
    assert n_features == X.shape[1], f"W has {n_features} rows, X has {X.shape[1]} columns"
    return nll(log_softmax(X @ W), LABELS, reduction="mean") + 1e-3 * np.sum(W**2)


def inputs():
    return (0.3 * npr.RandomState(28).randn(3, 4),)
