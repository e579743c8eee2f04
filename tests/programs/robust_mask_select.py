"""A robust regression loss that treats residuals by magnitude: boolean-mask indexing of
the differentiated residuals (r[small], r[~small]) for a Huber-like split, outlier indices
from np.where(...)[0] given zero weight, and a trimmed mean over the sorted absolute
residuals."""

import autograd.numpy as np
import autograd.numpy.random as npr


def loss(w, X, y, delta=1.0, outlier_threshold=3.0):
    r = np.dot(X, w) - y
    small = np.abs(r) <= delta
    quad = 0.5 * np.sum(r[small] ** 2)
    lin = np.sum(delta * (np.abs(r[~small]) - 0.5 * delta))
    outliers = np.where(np.abs(y - np.median(y)) > outlier_threshold)[0]
    weights = np.ones(len(y))
    for i in outliers:
        weights = weights - np.eye(len(y))[i]
    trimmed = np.mean(np.sort(np.abs(r) * weights)[: len(y) - 2])
    return (quad + lin) / len(y) + trimmed


def inputs():
    rs = npr.RandomState(93)
    X = rs.randn(14, 3)
    y = np.dot(X, np.array([1.0, -0.5, 2.0])) + 0.3 * rs.randn(14)
    y[3] += 8.0
    y[9] -= 6.0
    return np.array([0.61, -0.12, 1.23]), X, y
