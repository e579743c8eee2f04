"""Soft k-means: responsibilities are a softmax over negative squared distances with an
inverse temperature, and the loss is the expected distortion minus an entropy term;
centres and the log-temperature are differentiated."""

import autograd.numpy as np
import autograd.numpy.random as npr


def pairwise_sq_dists(X, C):
    return np.sum(X**2, axis=1)[:, np.newaxis] - 2 * np.dot(X, C.T) + np.sum(C**2, axis=1)


def responsibilities(X, C, beta):
    logits = -beta * pairwise_sq_dists(X, C)
    logits = logits - np.max(logits, axis=1, keepdims=True)
    R = np.exp(logits)
    return R / R.sum(axis=1, keepdims=True)


def loss(params, X):
    C, log_beta = params
    beta = np.exp(log_beta)
    R = responsibilities(X, C, beta)
    D = pairwise_sq_dists(X, C)
    entropy = -np.sum(R * np.log(R + 1e-12))
    return np.sum(R * D) / X.shape[0] - 0.1 * entropy / beta


def inputs():
    rs = npr.RandomState(132)
    X = np.vstack([rs.randn(8, 2) + [2, 2], rs.randn(8, 2) - [2, 0]])
    return (rs.randn(3, 2), np.array(0.2)), X
