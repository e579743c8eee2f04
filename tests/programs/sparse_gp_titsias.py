"""Sparse GP (Titsias collapsed bound) with inducing inputs Z optimised too."""

import autograd.numpy as np
import autograd.numpy.random as npr
import autograd.scipy.linalg as spla


def rbf(X1, X2, ell, sf2):
    d = (X1[:, None, :] - X2[None, :, :]) / ell
    return sf2 * np.exp(-0.5 * np.sum(d * d, axis=-1))


def elbo(Z, log_hyp, X, y):
    ell, sf2, sn2 = np.exp(log_hyp)
    m = Z.shape[0]
    n = X.shape[0]
    Kmm = rbf(Z, Z, ell, sf2) + 1e-6 * np.eye(m)
    Kmn = rbf(Z, X, ell, sf2)
    Lm = np.linalg.cholesky(Kmm)
    A = spla.solve_triangular(Lm, Kmn, lower=True) / np.sqrt(sn2)
    B = np.eye(m) + A @ A.T
    LB = np.linalg.cholesky(B)
    c = spla.solve_triangular(LB, A @ y, lower=True) / np.sqrt(sn2)
    bound = -0.5 * n * np.log(2 * np.pi * sn2) - np.sum(np.log(np.diag(LB)))
    bound = bound - 0.5 * np.sum(y**2) / sn2 + 0.5 * np.sum(c**2)
    bound = bound - 0.5 * n * sf2 / sn2 + 0.5 * np.trace(A @ A.T)
    return bound


def loss(Z, log_hyp, X, y):
    return -elbo(Z, log_hyp, X, y)


ARGNUM = (0, 1)


def inputs():
    rs = npr.RandomState(3)
    X = rs.randn(15, 1)
    y = np.sin(2 * X[:, 0]) + 0.1 * rs.randn(15)
    Z = np.linspace(-1.5, 1.5, 4)[:, None]
    return Z, np.log(np.array([0.8, 1.0, 0.1])), X, y
