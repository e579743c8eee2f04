"""Bayesian modelling with scipy.stats densities: a Dirichlet prior on mixture weights
(dirichlet.logpdf), multivariate normal components (multivariate_normal.logpdf with a
full covariance), special functions gammaln and digamma in an ELBO term, and
scipy.special.logsumexp over components."""

import autograd.numpy as np
import autograd.scipy.stats.multivariate_normal as mvn
from autograd import grad
from autograd.scipy.special import digamma, gammaln, logsumexp
from autograd.scipy.stats import dirichlet

rs = np.random.RandomState(5)
DATA = np.vstack([rs.randn(6, 2) + 2.0, rs.randn(6, 2) - 1.0])
COV = np.array([[1.0, 0.3], [0.3, 0.8]])
ALPHA0 = np.array([2.0, 2.0])


def softmax(z):
    e = np.exp(z - np.max(z))
    return e / np.sum(e)


def loss(params):
    weights = softmax(params[:2])
    means = params[2:6].reshape(2, 2)
    log_alpha = params[6:8]
    comps = np.stack(
        [np.log(weights[k]) + mvn.logpdf(DATA, means[k], COV) for k in range(2)], axis=1
    )
    ll = np.sum(logsumexp(comps, axis=1))
    prior = dirichlet.logpdf(weights, ALPHA0)
    alpha = np.exp(log_alpha)
    a0 = np.sum(alpha)
    entropy = (
        np.sum(gammaln(alpha))
        - gammaln(a0)
        + (a0 - 2) * digamma(a0)
        - np.sum((alpha - 1) * digamma(alpha))
    )
    return -(ll + prior + entropy)


def inputs():
    return (np.array([0.1, -0.1, 1.5, 1.5, -0.5, -0.5, 0.3, 0.2]),)


def result():
    p = inputs()[0]
    for _ in range(3):
        p = p - 0.01 * grad(loss)(p)
    return p
