"""Tobit regression (censored below at zero) with autograd.scipy.stats.norm: logpdf for
the observed values and logcdf for the censored ones, the scale kept positive through
softplus; minimised by scipy.optimize.minimize with jac=grad(nll)."""

import autograd.numpy as np
import autograd.numpy.random as npr
import autograd.scipy.stats.norm as norm
from autograd import grad
from scipy.optimize import minimize


def softplus(x):
    return np.logaddexp(0.0, x)


def nll(theta, X, y):
    w, raw_sigma = theta[:-1], theta[-1]
    sigma = softplus(raw_sigma) + 1e-3
    mu = np.dot(X, w)
    censored = y <= 0.0
    observed_ll = norm.logpdf(y, mu, sigma)
    censored_ll = norm.logcdf(-mu / sigma)
    return -np.sum(np.where(censored, censored_ll, observed_ll))


def loss(theta, X, y):
    return nll(theta, X, y)


def inputs():
    rs = npr.RandomState(21)
    X = np.hstack([np.ones((40, 1)), rs.randn(40, 2)])
    latent = np.dot(X, np.array([0.3, 1.0, -0.7])) + 0.5 * rs.randn(40)
    y = np.maximum(latent, 0.0)
    return np.array([0.0, 0.5, -0.2, 0.0]), X, y


def result():
    theta, X, y = inputs()
    res = minimize(nll, theta, args=(X, y), jac=grad(nll), method="BFGS", options={"maxiter": 10})
    return res.x
