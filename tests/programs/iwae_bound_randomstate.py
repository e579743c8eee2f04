"""The importance-weighted autoencoder bound (Burda et al.): K samples per data point drawn
inside the objective from a RandomState argument, log weights log p(x, z) - log q(z | x)
combined with logsumexp over the sample axis minus log K; Gaussian decoder."""

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd.scipy.special import logsumexp

STATEFUL = True


def gaussian_logpdf(x, mean, log_std):
    return np.sum(
        -0.5 * ((x - mean) / np.exp(log_std)) ** 2 - log_std - 0.5 * np.log(2 * np.pi), axis=-1
    )


def iwae_bound(params, X, rs, K=5):
    enc, dec = params
    h = np.tanh(np.dot(X, enc["W"]))
    mean, log_std = np.dot(h, enc["W_mu"]), np.dot(h, enc["W_sig"])
    eps = rs.randn(K, X.shape[0], mean.shape[1])
    z = mean[None] + np.exp(log_std)[None] * eps  # (K, N, D)
    log_q = gaussian_logpdf(z, mean[None], log_std[None])
    log_prior = gaussian_logpdf(z, 0.0, 0.0)
    x_mean = np.dot(np.tanh(np.dot(z, dec["W"])), dec["W_out"])
    log_lik = gaussian_logpdf(X[None], x_mean, dec["log_std"])
    log_w = log_lik + log_prior - log_q
    return np.mean(logsumexp(log_w, axis=0) - np.log(K))


def loss(params, X, rs):
    return -iwae_bound(params, X, rs)


def inputs():
    rs = npr.RandomState(104)
    enc = {"W": 0.4 * rs.randn(4, 5), "W_mu": 0.4 * rs.randn(5, 2), "W_sig": 0.1 * rs.randn(5, 2)}
    dec = {"W": 0.4 * rs.randn(2, 5), "W_out": 0.4 * rs.randn(5, 4), "log_std": np.zeros(4)}
    return (enc, dec), rs.randn(6, 4), npr.RandomState(105)
