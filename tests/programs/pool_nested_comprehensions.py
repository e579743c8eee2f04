"""Patches, average pooling and a pairwise penalty written as nested list comprehensions
(two for clauses, one with an if)."""

import autograd.numpy as np

img = np.random.RandomState(0).randn(4, 4)


def patches(x, k):
    n = x.shape[0] - k + 1
    return np.array([x[i : i + k, j : j + k].ravel() for i in range(n) for j in range(n)])


def avgpool(x):
    return np.array(
        [
            [np.mean(x[i : i + 2, j : j + 2]) for j in range(0, x.shape[1], 2)]
            for i in range(0, x.shape[0], 2)
        ]
    )


def loss(w):
    conv = patches(img, 3) @ w
    pooled = avgpool(np.tanh(conv.reshape(2, 2) * img[:2, :2].repeat(2, 0).repeat(2, 1)[:2, :2]))
    diag = sum(w[i] * w[j] for i in range(len(w)) for j in range(len(w)) if i <= j)
    return np.sum(pooled) + avgpool(img * w[0]).sum() + 0.1 * diag


def inputs():
    return (np.random.RandomState(1).randn(9) * 0.3,)
