"""Learning a metric for spectral clustering: a Gaussian affinity between points under a
diagonal metric exp(log_scales), the symmetric normalised graph Laplacian, and a loss
that rewards a large gap between the second and third smallest eigenvalues from
np.linalg.eigh while keeping the trace of the Laplacian's square bounded."""

import autograd.numpy as np
import autograd.numpy.random as npr

rs = npr.RandomState(29048)
X = np.vstack([rs.randn(5, 2) * 0.3 + [0, 0], rs.randn(5, 2) * 0.3 + [2, 0.5]])


def laplacian(log_scales, X):
    Z = X * np.exp(log_scales)
    sq = np.sum((Z[:, None, :] - Z[None, :, :]) ** 2, axis=2)
    A = np.exp(-sq) * (1 - np.eye(len(X)))
    d = np.sum(A, axis=1)
    D_inv_sqrt = np.diag(1.0 / np.sqrt(d))
    return np.eye(len(X)) - np.dot(D_inv_sqrt, np.dot(A, D_inv_sqrt))


def loss(log_scales):
    L = laplacian(log_scales, X)
    evals, evecs = np.linalg.eigh(L)
    gap = evals[2] - evals[1]
    return -gap + 0.01 * np.trace(np.dot(L, L))


def inputs():
    return (np.array([0.1, -0.2]),)
