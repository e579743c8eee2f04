"""Ordinal (cumulative-logit) regression: ordered thresholds from a first value plus the
cumsum of exp'd gaps, class probabilities as differences of expit at the thresholds
(padded with 0 and 1 by np.concatenate), and the likelihood picked by fancy indexing."""

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd.scipy.special import expit


def thresholds(raw):
    return np.concatenate([raw[:1], raw[0] + np.cumsum(np.exp(raw[1:]))])


def class_probs(eta, cuts):
    cdf = expit(cuts[None, :] - eta[:, None])  # P(y <= k)
    n = eta.shape[0]
    cdf = np.concatenate([np.zeros((n, 1)), cdf, np.ones((n, 1))], axis=1)
    return cdf[:, 1:] - cdf[:, :-1]


def loss(params, X, y):
    w, raw = params[: X.shape[1]], params[X.shape[1] :]
    probs = class_probs(np.dot(X, w), thresholds(raw))
    return -np.sum(np.log(probs[np.arange(len(y)), y] + 1e-12))


def inputs():
    rs = npr.RandomState(63)
    X = rs.randn(14, 2)
    y = np.clip(np.round(X[:, 0] + 1.5 + 0.5 * rs.randn(14)), 0, 3).astype(int)
    return np.array([0.2, -0.1, -1.0, 0.0, 0.3]), X, y
