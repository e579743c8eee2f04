"""Spectral losses: the largest eigenvalue of a symmetric matrix by np.linalg.eigh, the
nuclear norm by np.linalg.svd singular values, log-determinant of a positive definite
matrix by slogdet, as in matrix-learning code."""

import autograd.numpy as np
from autograd import grad

rs = np.random.RandomState(2)
A0 = rs.randn(4, 4)
TARGET = np.dot(A0, A0.T) / 4 + np.eye(4)


def loss(flat):
    M = flat.reshape(4, 4)
    S = 0.5 * (M + M.T)
    evals, evecs = np.linalg.eigh(S)
    top = evals[-1]
    nuclear = np.sum(np.linalg.svd(M, compute_uv=False))
    P = np.dot(M, M.T) + np.eye(4)
    sign, logdet = np.linalg.slogdet(P)
    fit = np.sum((P - TARGET) ** 2)
    return fit + 0.1 * top + 0.05 * nuclear - 0.1 * logdet + 0.01 * np.sum(evecs[:, -1] ** 4)


def inputs():
    return (np.random.RandomState(3).randn(16) * 0.5,)


def result():
    x = inputs()[0]
    for _ in range(3):
        x = x - 0.01 * grad(loss)(x)
    return x
