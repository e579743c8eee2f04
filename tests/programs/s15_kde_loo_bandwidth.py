"""Bandwidth selection for a Gaussian kernel density estimate by leave-one-out
log-likelihood: the pairwise kernel matrix with its diagonal removed
(K - np.diag(np.diag(K))), per-dimension log bandwidths, and scipy.stats.norm.logpdf."""

import autograd.numpy as np
import autograd.numpy.random as npr
import autograd.scipy.stats.norm as norm

POINTS = npr.RandomState(1508).randn(14, 2) * np.array([1.0, 0.4])


def loss(log_h):
    h = np.exp(log_h)
    diff = (POINTS[:, None, :] - POINTS[None, :, :]) / h
    K = np.exp(np.sum(norm.logpdf(diff), axis=2)) / np.prod(h)
    K_loo = K - np.diag(np.diag(K))
    density = np.sum(K_loo, axis=1) / (len(POINTS) - 1)
    return -np.mean(np.log(density))


def inputs():
    return (np.array([-0.5, -1.0]),)
