"""Grouped projections: np.split of a feature matrix into groups (a list), a per-group
weight applied in a list comprehension over zip, np.array_split for uneven chunks,
np.concatenate and np.vstack to put the pieces back; np.diag of a vector and of a
matrix, np.trace, np.tril in a covariance penalty."""

import autograd.numpy as np
import autograd.numpy.random as npr


def loss(params, X):
    Ws, L_raw = params
    groups = np.split(X, 3, axis=1)
    outs = [np.tanh(np.dot(g, W)) for g, W in zip(groups, Ws)]
    H = np.concatenate(outs, axis=1)
    chunks = np.array_split(H, 3, axis=0)  # 7 rows: 3, 2, 2
    summary = np.vstack([np.mean(c, axis=0, keepdims=True) for c in chunks])
    L = np.tril(L_raw)
    cov = np.dot(L, L.T) + np.diag(np.exp(np.diag(L_raw)))
    fit = np.trace(np.dot(np.dot(H, cov), H.T)) / X.shape[0]
    return fit + np.sum(summary**2)


def inputs():
    rs = npr.RandomState(98)
    Ws = [0.5 * rs.randn(2, 2) for _ in range(3)]
    return (Ws, 0.3 * rs.randn(6, 6)), rs.randn(7, 6)
