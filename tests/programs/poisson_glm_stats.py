"""A Poisson GLM with a log link and an offset, the log likelihood from
autograd.scipy.stats.poisson.logpmf, a gamma prior on the dispersion-like weight with
scipy.stats.gamma.logpdf, np.log1p/np.expm1 in a softplus-parametrized scale."""

import autograd.numpy as np
import autograd.scipy.stats as stats
from autograd import grad, hessian

rs = np.random.RandomState(2)
N = 30
exposure = rs.uniform(0.5, 2.0, N)
X = np.column_stack([np.ones(N), rs.randn(N), rs.randn(N)])
counts = rs.poisson(np.exp(X @ np.array([0.3, 0.5, -0.2])) * exposure)


def softplus(x):
    return np.log1p(np.exp(-np.abs(x))) + np.maximum(x, 0)


def log_posterior(params):
    beta, raw_scale = params[:3], params[3]
    scale = softplus(raw_scale) + 1e-3
    log_rate = np.dot(X, beta)
    rate = np.exp(log_rate + np.log(exposure))
    ll = np.sum(stats.poisson.logpmf(counts, rate))
    prior = np.sum(stats.norm.logpdf(beta, 0.0, scale)) + stats.gamma.logpdf(scale, 2.0)
    return ll + prior + np.log(np.expm1(scale) + 1.0)


def loss(params):
    return -log_posterior(params)


def inputs():
    return (np.array([0.1, 0.1, 0.1, 0.5]),)


def result():
    p = inputs()[0]
    H = hessian(loss)(p)
    return np.linalg.inv(H), grad(loss)(p)
