"""Probit regression written with the error function: Phi(z) = (1 + erf(z / sqrt 2)) / 2
from autograd.scipy.special, clipped away from 0 and 1, with a Bernoulli log-likelihood
and a Gaussian prior on the weights."""

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd.scipy.special import erf


def std_normal_cdf(z):
    return 0.5 * (1.0 + erf(z / np.sqrt(2.0)))


def data():
    rs = npr.RandomState(1411)
    X = np.hstack([rs.randn(40, 2), np.ones((40, 1))])
    y = (np.dot(X, np.array([1.2, -0.7, 0.3])) + rs.randn(40) > 0).astype(float)
    return X, y


X, Y = data()


def loss(w, prior_scale=2.0):
    p = np.clip(std_normal_cdf(np.dot(X, w)), 1e-9, 1 - 1e-9)
    loglik = np.sum(Y * np.log(p) + (1 - Y) * np.log1p(-p))
    return -loglik + 0.5 * np.sum(w**2) / prior_scale**2


def inputs():
    return (np.array([0.4, -0.1, 0.2]),)
