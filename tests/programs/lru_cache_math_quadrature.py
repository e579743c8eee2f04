"""Gauss-Hermite expectations in a probit-style likelihood: the nodes and weights come
from a functools.lru_cache helper (plain NumPy, computed once), constants from the math
module, plain NumPy imported beside autograd's as onp; the expectation of a log sigmoid
under q(f) = N(m, s^2) per data point, the variational parameters (m, log s)
differentiated."""

import functools
import math

import autograd.numpy as np
import autograd.numpy.random as npr
import numpy as onp
from autograd import grad


@functools.lru_cache(maxsize=None)  # noqa: UP033
def hermite_rule(n):
    nodes, weights = onp.polynomial.hermite.hermgauss(n)
    return nodes * math.sqrt(2.0), weights / math.sqrt(math.pi)


def expected_log_lik(mean, log_std, y, n_points=12):
    nodes, weights = hermite_rule(n_points)
    f = mean[:, None] + np.exp(log_std)[:, None] * nodes[None, :]
    log_sig = -np.logaddexp(0.0, -y[:, None] * f)
    return np.sum(np.dot(log_sig, weights))


def kl_to_standard_normal(mean, log_std):
    return 0.5 * np.sum(mean**2 + np.exp(2 * log_std) - 1.0 - 2 * log_std)


def loss(var_params, y):
    mean, log_std = var_params[: len(y)], var_params[len(y) :]
    return -(expected_log_lik(mean, log_std, y) - kl_to_standard_normal(mean, log_std))


def inputs():
    rs = npr.RandomState(59)
    y = np.where(rs.rand(8) < 0.6, 1.0, -1.0)
    return np.concatenate([0.3 * rs.randn(8), -0.5 + 0.1 * rs.randn(8)]), y


def result():
    params, y = inputs()
    for _ in range(10):
        params = params - 0.1 * grad(loss)(params, y)
    return params, hermite_rule.cache_info().hits > 0
