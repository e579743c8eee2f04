"""Factor analysis fitted by maximum likelihood: the covariance is W W^T + diag(psi)
with psi = exp(log_psi), the data log likelihood uses scipy.stats multivariate_normal
through autograd.scipy, and the parameters are a (W, log_psi, mu) tuple."""

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd.scipy.stats import multivariate_normal as mvn

rs = npr.RandomState(2904)
D, K, N = 4, 2, 25
W_true = rs.randn(D, K)
Z = rs.randn(N, K)
DATA = Z @ W_true.T + 0.3 * rs.randn(N, D) + np.array([1.0, 0.0, -1.0, 0.5])


def covariance(W, log_psi):
    return np.dot(W, W.T) + np.diag(np.exp(log_psi))


def neg_log_likelihood(params, data):
    W, log_psi, mu = params
    cov = covariance(W, log_psi)
    return -np.sum(mvn.logpdf(data, mu, cov))


def loss(params):
    return neg_log_likelihood(params, DATA) / len(DATA)


def inputs():
    r = npr.RandomState(4)
    return ((r.randn(D, K), -np.ones(D), np.zeros(D)),)
