"""Robust linear regression with Student-t noise: scipy.stats.t.logpdf (autograd.scipy)
with a learned degrees of freedom (softplus of a raw parameter, plus 1) and a learned
log scale, on data with a few outliers; the parameter vector is unpacked by slicing."""

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd.scipy.stats import t

rs = npr.RandomState(2905)
x = np.linspace(-2, 2, 30)
y = 0.7 * x - 0.2 + 0.2 * rs.randn(30)
y[[3, 17, 25]] += np.array([4.0, -5.0, 3.0])
design = np.column_stack([np.ones_like(x), x])


def softplus(z):
    return np.log1p(np.exp(z))


def unpack(params):
    beta = params[:2]
    log_scale = params[2]
    df = 1.0 + softplus(params[3])
    return beta, log_scale, df


def loss(params):
    beta, log_scale, df = unpack(params)
    resid = y - np.dot(design, beta)
    ll = t.logpdf(resid, df, 0.0, np.exp(log_scale))
    return -ll.sum() + 0.01 * np.sum(beta**2)


def inputs():
    return (np.array([0.0, 0.5, np.log(0.5), 1.0]),)
