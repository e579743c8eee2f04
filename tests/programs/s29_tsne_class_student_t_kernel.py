"""t-SNE as a small class in the style of a from-scratch implementation: the input
affinities P are computed once in __init__ (Gaussian kernel with a fixed bandwidth,
symmetrised), and the kl_divergence method builds the Student-t affinities Q of the
embedding from squared pairwise distances with the diagonal removed by a mask."""

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd import grad


def squared_distances(Y):
    sum_Y = np.sum(Y**2, axis=1)
    return sum_Y[:, None] + sum_Y[None, :] - 2 * np.dot(Y, Y.T)


class TSNE:
    def __init__(self, X, sigma=1.0):
        n = X.shape[0]
        self.n = n
        self.off_diag = 1.0 - np.eye(n)
        D = squared_distances(X)
        cond = np.exp(-D / (2 * sigma**2)) * self.off_diag
        cond = cond / cond.sum(axis=1, keepdims=True)
        self.P = (cond + cond.T) / (2 * n)

    def kl_divergence(self, Y_flat, n_components=2):
        Y = Y_flat.reshape(self.n, n_components)
        num = self.off_diag / (1.0 + squared_distances(Y))
        Q = np.maximum(num / np.sum(num), 1e-12)
        return np.sum(self.P * np.log(np.maximum(self.P, 1e-12) / Q))


rs = npr.RandomState(2916)
MODEL = TSNE(np.vstack([rs.randn(4, 5), rs.randn(4, 5) + 3.0]), sigma=2.0)


def loss(Y_flat):
    return MODEL.kl_divergence(Y_flat)


def inputs():
    return (npr.RandomState(16).randn(16),)


def result():
    Y = inputs()[0]
    for _ in range(5):
        Y = Y - 20.0 * grad(loss)(Y)
    return loss(Y)
