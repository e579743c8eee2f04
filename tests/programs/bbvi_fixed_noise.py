"""Variational inference with the noise drawn outside and a Gaussian log density."""

import autograd.numpy as np
import autograd.numpy.random as npr


def gaussian_logpdf(x, mu, log_sigma):
    return -0.5 * ((x - mu) / np.exp(log_sigma)) ** 2 - log_sigma - 0.5 * np.log(2 * np.pi)


def elbo(var_params, eps, data):
    mu, log_sigma = var_params
    theta = mu + np.exp(log_sigma) * eps
    loglik = np.sum(gaussian_logpdf(data[None, :], theta[:, None], 0.0), axis=1)
    logprior = gaussian_logpdf(theta, 0.0, np.log(3.0))
    return np.mean(loglik + logprior) + log_sigma


def loss(var_params, eps, data):
    return -elbo(var_params, eps, data)


def inputs():
    rs = npr.RandomState(10)
    return (0.5, -1.0), rs.randn(30), 1.0 + rs.randn(12)
