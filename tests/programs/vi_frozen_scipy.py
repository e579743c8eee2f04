"""Black-box VI whose densities are frozen SciPy distributions, as written against
scipy.stats: norm(mu, sigma).logpdf(theta), a frozen prior, t for the likelihood.

autograd's scipy.stats has no frozen objects, so ``loss`` runs switched only and
``loss_unfrozen`` (the same objective with the unfrozen functions) is autograd's oracle.
"""

import autograd.numpy as np
import autograd.numpy.random as npr
import autograd.scipy.stats as stats

ORACLE = "loss_unfrozen"


def loss(var_params, eps, data):
    mu, log_sigma = var_params[0], var_params[1]
    q = stats.norm(mu, np.exp(log_sigma))
    theta = mu + np.exp(log_sigma) * eps
    prior = stats.norm(loc=0.0, scale=3.0)
    loglik = np.sum(stats.t(4.0, theta[:, None], 1.0).logpdf(data[None, :]), axis=1)
    return -np.mean(loglik + prior.logpdf(theta) - q.logpdf(theta))


def loss_unfrozen(var_params, eps, data):
    mu, log_sigma = var_params[0], var_params[1]
    theta = mu + np.exp(log_sigma) * eps
    loglik = np.sum(stats.t.logpdf(data[None, :], 4.0, theta[:, None], 1.0), axis=1)
    return -np.mean(
        loglik
        + stats.norm.logpdf(theta, 0.0, 3.0)
        - stats.norm.logpdf(theta, mu, np.exp(log_sigma))
    )


def inputs():
    rs = npr.RandomState(17)
    return np.array([0.3, -0.4]), rs.randn(12), 0.5 + rs.randn(9)
