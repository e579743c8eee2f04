"""Fitting a full-covariance Gaussian written the textbook way: the precision by
np.linalg.inv, the normaliser by np.linalg.det, the covariance built as L L^T + diag
from a lower-triangular np.tril of the free parameters; Mahalanobis distances by einsum."""

import autograd.numpy as np
import autograd.numpy.random as npr


def covariance(params, D):
    L = np.tril(np.reshape(params[D:], (D, D)))
    return np.dot(L, L.T) + 0.1 * np.eye(D)


def neg_log_likelihood(params, X):
    N, D = X.shape
    mu = params[:D]
    Sigma = covariance(params, D)
    P = np.linalg.inv(Sigma)
    diff = X - mu
    maha = np.einsum("ni,ij,nj->n", diff, P, diff)
    return (
        0.5 * np.sum(maha)
        + 0.5 * N * np.log(np.linalg.det(Sigma))
        + 0.5 * N * D * np.log(2 * np.pi)
    )


def loss(params, X):
    return neg_log_likelihood(params, X)


def inputs():
    rs = npr.RandomState(75)
    X = np.dot(rs.randn(20, 3), np.array([[1.0, 0.5, 0.0], [0.0, 1.0, 0.3], [0.0, 0.0, 0.7]]))
    return np.concatenate([np.zeros(3), np.eye(3).ravel() + 0.1 * rs.randn(9)]), X
