"""Losses built from linear algebra as metric-learning and covariance-fitting code writes
them: a Mahalanobis metric M = L L^T, np.linalg.norm of differences, np.linalg.det and
np.trace of a whitened covariance (a KL between Gaussians), np.kron and np.outer."""

import autograd.numpy as np
from autograd import grad

rs = np.random.RandomState(4)
D = 3
A_PTS = rs.randn(5, D)
B_PTS = rs.randn(5, D)
SAME = np.array([1, 0, 1, 1, 0], dtype=bool)
SIGMA_TARGET = np.cov(rs.randn(40, D).T) + 0.1 * np.eye(D)


def metric(L):
    return np.dot(L, L.T) + 1e-3 * np.eye(D)


def kl_gauss(S0, S1):
    """KL(N(0, S0) || N(0, S1))."""
    S1_inv = np.linalg.inv(S1)
    return 0.5 * (np.trace(np.dot(S1_inv, S0)) - D + np.log(np.linalg.det(S1) / np.linalg.det(S0)))


def loss(flat_L):
    L = flat_L.reshape(D, D)
    M = metric(L)
    diffs = A_PTS - B_PTS
    d2 = np.einsum("nd,de,ne->n", diffs, M, diffs)
    pull = np.sum(d2[SAME])
    push = np.sum(np.maximum(0.0, 1.0 - d2[~SAME]))
    reg = kl_gauss(M, SIGMA_TARGET)
    lengths = np.linalg.norm(np.dot(diffs, L), axis=1)
    big = np.kron(np.eye(2), M)
    return (
        pull
        + push
        + reg
        + 0.1 * np.mean(lengths)
        + 1e-2 * np.sum(np.outer(L[0], L[1]) * big[:3, :3])
    )


def inputs():
    return ((np.eye(D) + 0.1 * np.random.RandomState(7).randn(D, D)).ravel(),)


def result():
    x = inputs()[0]
    g = grad(loss)
    for _ in range(2):
        step = g(x)
        x = [a - 0.01 * b for a, b in zip(x, step)] if isinstance(x, list) else x - 0.01 * step
    return x
