"""A bivariate Gaussian copula with Gaussian marginals: the correlation is tanh of a raw
parameter, the marginals use norm.logpdf (autograd.scipy.stats) and the copula density
of the standardised data is written from the bivariate normal formula; the parameter
vector holds the two marginal means, two log scales and the raw correlation."""

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd.scipy.stats import norm

rs = npr.RandomState(2911)
_cov = np.array([[1.0, 0.6], [0.6, 1.0]])
DATA = rs.randn(40, 2) @ np.linalg.cholesky(_cov).T * np.array([1.5, 0.5]) + np.array([1.0, -1.0])


def copula_logpdf(z1, z2, rho):
    one_minus = 1.0 - rho**2
    return -0.5 * np.log(one_minus) - (rho**2 * (z1**2 + z2**2) - 2 * rho * z1 * z2) / (
        2 * one_minus
    )


def loss(params):
    mu = params[0:2]
    sigma = np.exp(params[2:4])
    rho = np.tanh(params[4])
    z = (DATA - mu) / sigma
    marginals = np.sum(norm.logpdf(DATA, mu, sigma))
    copula = np.sum(copula_logpdf(z[:, 0], z[:, 1], rho))
    return -(marginals + copula) / len(DATA)


def inputs():
    return (np.array([0.5, -0.5, 0.1, -0.3, 0.2]),)
