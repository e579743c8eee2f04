"""PCA-style reconstruction error with column-normalised weights and a norm penalty."""

import autograd.numpy as np
import autograd.numpy.random as npr


def loss(W, X):
    Q = W / np.sqrt(np.sum(W**2, axis=0, keepdims=True))
    recon = np.dot(np.dot(X, Q), Q.T)
    return np.sum((X - recon) ** 2) + 0.1 * np.linalg.norm(W)


def inputs():
    rs = npr.RandomState(38)
    return rs.randn(4, 2), rs.randn(9, 4)
