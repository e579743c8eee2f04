"""Gaussian mixture with autograd.scipy.stats.norm and multivariate_normal: the marginal
log-likelihood by logsumexp; its gradient in the log mixing weights gives the
responsibilities for an EM update (the trick from autograd's examples)."""

import autograd.numpy as np
import autograd.numpy.random as npr
import autograd.scipy.stats.multivariate_normal as mvn
from autograd import grad
from autograd.scipy.special import logsumexp
from autograd.scipy.stats import norm


def log_likelihood_terms(log_weights, means, log_scales, data):
    K = means.shape[0]
    comps = []
    for k in range(K):
        cov = np.diag(np.exp(2 * log_scales[k]))
        comps.append(mvn.logpdf(data, means[k], cov))
    log_w = log_weights - logsumexp(log_weights)
    return np.stack(comps, axis=1) + log_w


def marginal_log_likelihood(log_weights, means, log_scales, data):
    return np.sum(logsumexp(log_likelihood_terms(log_weights, means, log_scales, data), axis=1))


def loss(params, data):
    log_weights, means, log_scales = params
    prior = np.sum(norm.logpdf(means, 0.0, 3.0))
    return -(marginal_log_likelihood(log_weights, means, log_scales, data) + prior)


def inputs():
    rs = npr.RandomState(43)
    data = np.concatenate([rs.randn(6, 2) + 2.0, rs.randn(5, 2) - 1.0])
    params = (np.zeros(2), rs.randn(2, 2), 0.1 * rs.randn(2, 2))
    return params, data


def result():
    (log_weights, means, log_scales), data = inputs()
    resp_fn = grad(marginal_log_likelihood)
    for _ in range(3):
        # d logZ / d log_weights summed over points is the total responsibility; per point it
        # needs one gradient per point, so use the terms directly
        terms = log_likelihood_terms(log_weights, means, log_scales, data)
        resp = np.exp(terms - logsumexp(terms, axis=1, keepdims=True))
        counts = resp.sum(axis=0)
        means = np.dot(resp.T, data) / counts[:, None]
        log_weights = np.log(counts / counts.sum())
    total_resp = resp_fn(log_weights, means, log_scales, data)
    return means, log_weights, total_resp
