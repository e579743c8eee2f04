"""Robust linear regression with Student-t noise: scipy.stats.t.logpdf differentiated in
the data, the location, the scale and the degrees of freedom, parameters unpacked with
a star assignment, and the degrees of freedom kept positive through np.exp."""

import autograd.numpy as np
from autograd import value_and_grad
from autograd.scipy.stats import t as student_t

rs = np.random.RandomState(8)
x = np.linspace(0, 1, 25)
y = 1.5 * x - 0.5 + 0.1 * rs.standard_t(2.5, size=25)
y[::7] += 2.0  # outliers


def neg_log_lik(params):
    slope, intercept, *rest = params
    log_scale, log_df = rest
    mu = slope * x + intercept
    return -np.sum(student_t.logpdf(y, np.exp(log_df) + 1.0, mu, np.exp(log_scale)))


def loss(params):
    return neg_log_lik(params) + 0.01 * np.sum(params**2)


def inputs():
    return (np.array([1.0, 0.0, -1.0, 1.0]),)


def result():
    p = inputs()[0]
    vg = value_and_grad(loss)
    for _ in range(6):
        value, g = vg(p)
        p = p - 0.01 * g
    return value, p
