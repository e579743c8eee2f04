"""Beta-binomial empirical Bayes for batting averages: the marginal likelihood uses
betaln and gammaln from autograd.scipy.special, with alpha and beta as exp of free
parameters; the log-binomial coefficient is computed once outside the objective."""

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd import grad
from autograd.scipy.special import betaln, gammaln


def log_choose(n, k):
    return gammaln(n + 1) - gammaln(k + 1) - gammaln(n - k + 1)


def marginal_loglik(log_ab, hits, at_bats, const):
    a, b = np.exp(log_ab[0]), np.exp(log_ab[1])
    return np.sum(const + betaln(hits + a, at_bats - hits + b) - betaln(a, b))


def loss(log_ab, hits, at_bats, const):
    # weak log-normal prior on the hyperparameters
    return -marginal_loglik(log_ab, hits, at_bats, const) + 0.5 * np.sum(log_ab**2) / 25.0


def inputs():
    rs = npr.RandomState(5)
    at_bats = rs.randint(20, 200, size=25).astype(float)
    p = rs.beta(8.0, 20.0, size=25)
    hits = rs.binomial(at_bats.astype(int), p).astype(float)
    return np.log(np.array([2.0, 5.0])), hits, at_bats, log_choose(at_bats, hits)


def result():
    log_ab, hits, at_bats, const = inputs()
    g = grad(loss)
    for i in range(20):
        log_ab = log_ab - 0.002 * g(log_ab, hits, at_bats, const)
    a, b = np.exp(log_ab)
    shrunk = (hits + a) / (at_bats + a + b)
    return log_ab, shrunk
