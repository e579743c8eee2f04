"""Kernel ridge regression tuned by leave-one-out error in closed form: the hat matrix
H = K (K + lambda I)^-1 and the LOO residuals (y - H y) / (1 - diag(H)), differentiated
in the log lengthscales (ARD, broadcasting over features) and log lambda."""

import autograd.numpy as np
import autograd.numpy.random as npr


def ard_kernel(X, log_ls):
    Xs = X / np.exp(log_ls)
    sq = np.sum(Xs**2, axis=1)
    d2 = sq[:, None] + sq[None, :] - 2 * np.dot(Xs, Xs.T)
    return np.exp(-0.5 * np.maximum(d2, 0.0))


def loo_error(theta, X, y):
    log_ls, log_lam = theta[:-1], theta[-1]
    K = ard_kernel(X, log_ls)
    n = len(y)
    H = np.dot(K, np.linalg.inv(K + np.exp(log_lam) * np.eye(n)))
    residuals = (y - np.dot(H, y)) / (1.0 - np.diag(H))
    return np.mean(residuals**2)


def loss(theta, X, y):
    return loo_error(theta, X, y)


def inputs():
    rs = npr.RandomState(23)
    X = rs.rand(18, 3)
    y = np.sin(4 * X[:, 0]) + 0.2 * X[:, 1] + 0.05 * rs.randn(18)
    return np.array([-1.0, 0.0, 0.5, -3.0]), X, y
