"""A regression stump ensemble whose candidate thresholds are midpoints of the sorted
feature values (np.sort, np.searchsorted: no gradient), with soft sigmoid splits at a
learned offset from each candidate; leaf values and offsets are differentiated."""

import autograd.numpy as np
import autograd.numpy.random as npr


def candidate_thresholds(x, n):
    xs = np.sort(x)
    mids = 0.5 * (xs[1:] + xs[:-1])
    idx = np.searchsorted(xs, np.quantile(xs, np.linspace(0.2, 0.8, n))) - 1
    return mids[np.clip(idx, 0, len(mids) - 1)]


def predict(theta, X, thresholds):
    offsets, left, right = theta[0], theta[1], theta[2]
    out = 0.0
    for j in range(X.shape[1]):
        gate = 1.0 / (1.0 + np.exp(-(X[:, j] - thresholds[j] - offsets[j]) / 0.2))
        out = out + gate * right[j] + (1.0 - gate) * left[j]
    return out


def loss(theta, X, y):
    thresholds = [candidate_thresholds(X[:, j], 3)[1] for j in range(X.shape[1])]
    return np.mean((predict(theta, X, thresholds) - y) ** 2)


def inputs():
    rs = npr.RandomState(165)
    X = rs.randn(20, 2)
    y = np.where(X[:, 0] > 0.3, 1.0, -0.5) + 0.5 * (X[:, 1] < -0.2)
    return 0.1 * rs.randn(3, 2), X, y
