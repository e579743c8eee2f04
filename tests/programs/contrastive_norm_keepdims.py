"""Contrastive and triplet losses on unit-normalised embeddings: pairwise distances by
broadcasting z[:, None] - z[None], np.linalg.norm(z, axis=1, keepdims=True), hinges.

autograd's gradient of np.linalg.norm with axis and keepdims has the wrong shape (it
returns one gradient per row), so ``loss_sqrt`` (the norm written out) is its oracle.
"""

import autograd.numpy as np

ORACLE = "loss_sqrt"

rs = np.random.RandomState(0)
X = rs.randn(6, 4)
labels = np.array([0, 0, 1, 1, 2, 2])
same = (labels[:, None] == labels[None, :]).astype(float)
TRIPLETS = [(0, 1, 2), (2, 3, 4), (4, 5, 0)]


def contrastive(z, margin):
    diff = z[:, None, :] - z[None, :, :]
    d2 = np.sum(diff**2, axis=-1)
    pos = same * d2
    neg = (1 - same) * np.maximum(0.0, margin - np.sqrt(d2 + 1e-9)) ** 2
    trip = sum(np.maximum(0, d2[a, p] - d2[a, n] + margin) for a, p, n in TRIPLETS)
    return np.mean(pos + neg) + trip


def loss(W, margin=0.5):
    z = np.dot(X, W)
    return contrastive(z / np.linalg.norm(z, axis=1, keepdims=True), margin)


def loss_sqrt(W, margin=0.5):
    z = np.dot(X, W)
    return contrastive(z / np.sqrt(np.sum(z**2, axis=1, keepdims=True)), margin)


def inputs():
    return (np.random.RandomState(1).randn(4, 3),)
