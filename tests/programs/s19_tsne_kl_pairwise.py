"""t-SNE's objective: Gaussian input affinities fixed, Student-t output affinities of the
embedding from pairwise squared distances (the diagonal masked out), KL(P || Q)."""

import autograd.numpy as np
import autograd.numpy.random as npr


def pairwise_sq(Y):
    s = np.sum(Y**2, axis=1)
    return s[:, None] + s[None, :] - 2 * np.dot(Y, Y.T)


def input_affinities(X, sigma=1.0):
    P = np.exp(-pairwise_sq(X) / (2 * sigma**2))
    P = P * (1 - np.eye(len(X)))
    P = P / np.sum(P, axis=1, keepdims=True)
    P = (P + P.T) / (2 * len(X))
    return np.maximum(P, 1e-12)


X = npr.RandomState(1907).randn(10, 5)
P = input_affinities(X)


def loss(Y):
    num = 1.0 / (1.0 + pairwise_sq(Y))
    num = num * (1 - np.eye(Y.shape[0]))
    Q = np.maximum(num / np.sum(num), 1e-12)
    return np.sum(P * np.log(P / Q))


def inputs():
    return (1e-1 * npr.RandomState(19071).randn(10, 2),)
