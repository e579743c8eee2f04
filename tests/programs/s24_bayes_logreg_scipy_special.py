"""Bayesian logistic regression in the style of a statistics notebook: the log likelihood
through scipy.special's expit and a clipped log, the Gaussian prior's scale a
hyperparameter (log sigma) with norm.logpdf, a log-sum-exp over a small grid of prior
scales for a marginal, and the negative log posterior differentiated in both the weights
and the log prior scale. norm.logpdf's loc and scale are passed by keyword, which autograd
does not trace (its ORACLE passes them by position)."""

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd.scipy.special import expit, logsumexp
from autograd.scipy.stats import norm

rs = npr.RandomState(2402)
N, D = 40, 3
X = np.hstack([np.ones((N, 1)), rs.randn(N, D - 1)])
TRUE_W = np.array([-0.5, 1.5, -1.0])
Y = (rs.rand(N) < 1.0 / (1.0 + np.exp(-X @ TRUE_W))).astype(float)
GRID = np.log(np.array([0.5, 1.0, 2.0, 4.0]))


def log_likelihood(w, X, y, eps=1e-12):
    p = expit(X @ w)
    p = np.clip(p, eps, 1 - eps)
    return np.sum(y * np.log(p) + (1 - y) * np.log1p(-p))


def log_prior(w, log_sigma):
    return np.sum(norm.logpdf(w, loc=0.0, scale=np.exp(log_sigma)))


def hyperprior(log_sigma):
    # a log-sum-exp mixture of normals centred on the grid of prior scales
    return logsumexp(norm.logpdf(log_sigma, GRID, 0.5)) - np.log(len(GRID))


def loss(w, log_sigma):
    return -(log_likelihood(w, X, Y) + log_prior(w, log_sigma) + hyperprior(log_sigma))


def oracle_loss(w, log_sigma):
    prior = np.sum(norm.logpdf(w, 0.0, np.exp(log_sigma)))
    return -(log_likelihood(w, X, Y) + prior + hyperprior(log_sigma))


ARGNUM = (0, 1)
ORACLE = "oracle_loss"


def inputs():
    return np.array([0.1, 0.5, -0.3]), np.array(0.2)
