"""Gaussian process hyperparameters chosen by the held-out predictive log density: the
training kernel's Cholesky factor, alpha = K^{-1} y by two triangular solves (the second
with trans='T'), the predictive mean and variance at held-out inputs from solve_triangular
on the cross-covariance, and a Gaussian log density of the held-out targets; a Matern-3/2
kernel computed from pairwise distances with a small epsilon inside the square root."""

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd.scipy.linalg import solve_triangular
from autograd.scipy.stats import norm

rs = npr.RandomState(2417)
X_ALL = np.sort(rs.rand(24) * 6)
Y_ALL = np.sin(X_ALL) + 0.2 * rs.randn(24)
HELD = np.arange(24) % 4 == 0
X_TR, Y_TR = X_ALL[~HELD], Y_ALL[~HELD]
X_TE, Y_TE = X_ALL[HELD], Y_ALL[HELD]


def matern32(a, b, log_amp, log_len):
    r = np.sqrt((a[:, None] - b[None, :]) ** 2 + 1e-12) / np.exp(log_len)
    return np.exp(2 * log_amp) * (1 + np.sqrt(3.0) * r) * np.exp(-np.sqrt(3.0) * r)


def predictive(theta):
    log_amp, log_len, log_noise = theta
    K = matern32(X_TR, X_TR, log_amp, log_len) + np.exp(2 * log_noise) * np.eye(len(X_TR))
    L = np.linalg.cholesky(K)
    alpha = solve_triangular(L, solve_triangular(L, Y_TR, lower=True), lower=True, trans="T")
    Ks = matern32(X_TR, X_TE, log_amp, log_len)
    mean = Ks.T @ alpha
    v = solve_triangular(L, Ks, lower=True)
    var = np.exp(2 * log_amp) - np.sum(v**2, axis=0) + np.exp(2 * log_noise)
    return mean, var


def loss(theta):
    mean, var = predictive(theta)
    return -np.sum(norm.logpdf(Y_TE, mean, np.sqrt(var)))


def inputs():
    return (np.array([0.0, 0.0, np.log(0.3)]),)
