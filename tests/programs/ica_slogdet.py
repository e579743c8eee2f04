"""Maximum-likelihood ICA: an unmixing matrix with a log-determinant and a heavy-tailed
(logistic) source density, the latents in a reshaped flat vector."""

import autograd.numpy as np
import autograd.numpy.random as npr


def logistic_log_density(s):
    return -s - 2.0 * np.logaddexp(0.0, -s)


def loss(flat, x):
    W = flat.reshape(x.shape[1], x.shape[1])
    sources = np.dot(x, W.T)
    sign, logdet = np.linalg.slogdet(W)
    return -(np.sum(logistic_log_density(sources)) + x.shape[0] * logdet) / x.shape[0]


def inputs():
    rs = npr.RandomState(12)
    mixing = np.array([[1.0, 0.4], [0.3, 0.8]])
    x = np.dot(rs.logistic(size=(20, 2)), mixing.T)
    return np.eye(2).ravel() + rs.randn(4) * 0.1, x
