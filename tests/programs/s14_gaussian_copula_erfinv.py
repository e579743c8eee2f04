"""A bivariate Gaussian copula fitted to pseudo-observations: the uniforms are mapped to
normal scores with sqrt(2) erfinv(2u - 1), the correlation is tanh of a free parameter,
and the copula log-density is written out by hand; the marginal tail term uses erfc."""

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd.scipy.special import erfc, erfinv


def normal_scores(u):
    return np.sqrt(2.0) * erfinv(2.0 * u - 1.0)


def copula_logpdf(u, v, rho):
    a, b = normal_scores(u), normal_scores(v)
    one_m = 1.0 - rho**2
    return -0.5 * np.log(one_m) - (rho**2 * (a**2 + b**2) - 2 * rho * a * b) / (2 * one_m)


def data():
    rs = npr.RandomState(1412)
    z = rs.randn(30, 2)
    z[:, 1] = 0.6 * z[:, 0] + 0.8 * z[:, 1]
    ranks = np.argsort(np.argsort(z, axis=0), axis=0)
    return (ranks + 1.0) / 31.0


U = data()


def loss(params):
    rho = np.tanh(params[0])
    shift = params[1]
    u = np.clip(U[:, 0] * (1 - 0.1 * np.tanh(shift)), 1e-6, 1 - 1e-6)
    tail = np.mean(erfc(normal_scores(u) / np.sqrt(2.0)))
    return -np.mean(copula_logpdf(u, U[:, 1], rho)) + 0.1 * tail


def inputs():
    return (np.array([0.3, 0.2]),)
