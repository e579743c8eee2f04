"""The eight-schools hierarchical model, non-centred, as a log joint for MAP or VI: theta =
mu + tau * eta with tau = exp(log_tau), a half-Cauchy prior on tau written with np.log1p
plus the log-Jacobian, normal priors from autograd.scipy.stats.norm and a Student-t
prior on mu from autograd.scipy.stats.t."""

import autograd.numpy as np
from autograd.scipy.stats import norm, t

Y = np.array([28.0, 8.0, -3.0, 7.0, -1.0, 1.0, 18.0, 12.0])
SIGMA = np.array([15.0, 10.0, 16.0, 11.0, 9.0, 11.0, 10.0, 18.0])


def log_joint(z):
    mu, log_tau, eta = z[0], z[1], z[2:]
    tau = np.exp(log_tau)
    theta = mu + tau * eta
    lp = t.logpdf(mu, 3.0, 0.0, 10.0)
    lp = lp + np.log(2.0 / (np.pi * 5.0)) - np.log1p((tau / 5.0) ** 2) + log_tau
    lp = lp + np.sum(norm.logpdf(eta, 0.0, 1.0))
    return lp + np.sum(norm.logpdf(Y, theta, SIGMA))


def loss(z):
    return -log_joint(z)


def inputs():
    return (np.concatenate([np.array([4.0, 1.0]), 0.1 * np.arange(8) - 0.3]),)
