"""A two-component Poisson mixture for overdispersed counts: the mixing weights come
from a softmax of logits, the component log-rates are free, the per-count
log-likelihood is logsumexp over components of scipy.stats.poisson.logpmf plus the log
weights (broadcast from [None, :]), and there is a gamma prior on the
rates from scipy.stats.gamma.logpdf."""

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd.scipy.special import logsumexp
from autograd.scipy.stats import gamma, poisson

rs = npr.RandomState(2618)
COUNTS = np.concatenate([rs.poisson(2.0, size=30), rs.poisson(9.0, size=20)])


def loss(params):
    log_rates, logits = params[:2], params[2:]
    weights = np.exp(logits - logsumexp(logits))
    rates = np.exp(log_rates)
    comp = poisson.logpmf(COUNTS[:, None], rates[None, :])
    loglik = np.sum(logsumexp(comp + np.log(weights), axis=1))
    log_prior = np.sum(gamma.logpdf(rates / 3.0, 2.0) - np.log(3.0))
    return -(loglik + log_prior)


def inputs():
    return (np.array([np.log(1.5), np.log(7.0), 0.2, -0.1]),)
