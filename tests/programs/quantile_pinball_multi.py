"""Multi-quantile regression with the pinball loss, several quantile levels at once by
broadcasting, np.maximum of the two slopes, and a smooth non-crossing penalty on
adjacent quantile predictions through np.diff and softplus."""

import autograd.numpy as np
import autograd.numpy.random as npr

TAUS = np.array([0.1, 0.5, 0.9])


def pinball(residual, taus):
    return np.maximum(taus * residual, (taus - 1.0) * residual)


def predict(W, X):
    return np.dot(X, W)  # one column per quantile


def loss(W, X, y, crossing_weight=10.0):
    preds = predict(W, X)
    residual = y[:, None] - preds
    fit = np.mean(pinball(residual, TAUS[None, :]))
    gaps = np.diff(preds, axis=1)
    crossing = np.mean(np.log1p(np.exp(-gaps / 0.1)) * 0.1)
    return fit + crossing_weight * crossing


def inputs():
    rs = npr.RandomState(47)
    X = np.column_stack([np.ones(30), rs.rand(30) * 3])
    y = 1.0 + 0.5 * X[:, 1] + (0.2 + 0.3 * X[:, 1]) * rs.randn(30)
    W = np.array([[0.5, 1.0, 1.5], [0.3, 0.5, 0.7]]) + 0.013
    return W, X, y
