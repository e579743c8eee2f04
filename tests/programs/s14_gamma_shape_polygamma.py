"""Gamma-distribution maximum likelihood in (log shape, log rate) with gammaln, plus the
log-determinant of the Fisher information, which needs the trigamma function
polygamma(1, k) from autograd.scipy.special (a Jeffreys-prior penalised likelihood)."""

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd.scipy.special import digamma, gammaln, polygamma


def data():
    return npr.RandomState(1413).gamma(2.5, 1.0 / 1.7, size=50)


XS = data()


def loglik(k, rate, x):
    return np.sum(k * np.log(rate) - gammaln(k) + (k - 1) * np.log(x) - rate * x)


def fisher_logdet(k, rate):
    # [[trigamma(k), -1/rate], [-1/rate, k/rate^2]]
    return np.log(polygamma(1, k) * k / rate**2 - 1.0 / rate**2)


def loss(theta):
    k, rate = np.exp(theta[0]), np.exp(theta[1])
    score_gap = np.log(rate) - digamma(k) + np.mean(np.log(XS))
    return -loglik(k, rate, XS) - 0.5 * fisher_logdet(k, rate) + 0.1 * score_gap**2


def inputs():
    return (np.array([0.5, 0.2]),)
