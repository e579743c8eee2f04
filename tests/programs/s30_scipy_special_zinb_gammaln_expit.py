"""A zero-inflated negative binomial regression written with scipy.special functions
(gammaln, expit, logsumexp over the two branches) in a loss that unpacks a flat
parameter vector by slices; counts are simulated once."""

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd.scipy.special import expit, gammaln, logsumexp

rs = npr.RandomState(3011)
X = np.column_stack([np.ones(40), rs.randn(40)])
Y = rs.poisson(np.exp(0.5 + 0.4 * X[:, 1])) * (rs.rand(40) > 0.2)


def nb_logpmf(y, mu, r):
    return (
        gammaln(y + r)
        - gammaln(r)
        - gammaln(y + 1.0)
        + r * np.log(r / (r + mu))
        + y * np.log(mu / (r + mu))
    )


def loss(theta):
    beta, gamma, log_r = theta[:2], theta[2:4], theta[4]
    mu = np.exp(np.dot(X, beta))
    r = np.exp(log_r)
    pi = expit(np.dot(X, gamma))
    log_nb = nb_logpmf(Y, mu, r)
    zero = logsumexp(np.stack([np.log(pi), np.log1p(-pi) + log_nb]), axis=0)
    ll = np.where(Y == 0, zero, np.log1p(-pi) + log_nb)
    return -np.mean(ll)


def inputs():
    return (np.array([0.3, 0.2, -1.0, 0.1, 0.5]),)
