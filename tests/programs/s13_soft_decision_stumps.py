"""Boosted soft decision stumps: each stump is a (feature, threshold, left, right) tuple
with a sigmoid gate instead of a hard split; thresholds and leaf values are one flat
vector, unpacked in a loop over a list of feature indices."""

import autograd.numpy as np
import autograd.numpy.random as npr

FEATURES = [0, 2, 1, 0]
TEMP = 0.3


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def unpack(theta):
    stumps = []
    for i, j in enumerate(FEATURES):
        thr, left, right = theta[3 * i], theta[3 * i + 1], theta[3 * i + 2]
        stumps.append((j, thr, left, right))
    return stumps


def predict(theta, X):
    out = np.zeros(X.shape[0])
    for j, thr, left, right in unpack(theta):
        gate = sigmoid((X[:, j] - thr) / TEMP)
        out = out + gate * right + (1 - gate) * left
    return out


def loss(theta, X, y):
    p = sigmoid(predict(theta, X))
    p = np.clip(p, 1e-7, 1 - 1e-7)
    return -np.mean(y * np.log(p) + (1 - y) * np.log(1 - p))


def inputs():
    rs = npr.RandomState(135)
    X = rs.randn(25, 3)
    y = (X[:, 0] * X[:, 2] > 0).astype(float)
    return 0.3 * rs.randn(3 * len(FEATURES)), X, y
