"""Maximum-likelihood Gaussian mixture in 2-D: the mixture weights are a softmax of
unconstrained logits, each component has a mean and a diagonal log standard deviation,
the per-point log likelihood is logsumexp over components of log weight plus the
hand-written log density, and the parameters are a dict."""

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd.scipy.special import logsumexp


def softmax(z):
    e = np.exp(z - np.max(z))
    return e / np.sum(e)


def log_component_densities(X, means, log_stds):
    diffs = X[:, None, :] - means[None, :, :]
    stds = np.exp(log_stds)[None, :, :]
    return np.sum(-0.5 * (diffs / stds) ** 2 - np.log(stds) - 0.5 * np.log(2 * np.pi), axis=2)


def gmm_log_likelihood(params, X):
    log_weights = np.log(softmax(params["logits"]))
    lp = log_component_densities(X, params["means"], params["log_stds"]) + log_weights
    return np.sum(logsumexp(lp, axis=1))


rs = npr.RandomState(29008)
X = np.vstack([rs.randn(8, 2) * 0.5 + [2, 2], rs.randn(8, 2) * 0.7 - [1, 2], rs.randn(6, 2) * 0.3])


def loss(params):
    return -gmm_log_likelihood(params, X) / len(X)


def inputs():
    r = npr.RandomState(8)
    return ({"logits": r.randn(3) * 0.1, "means": r.randn(3, 2), "log_stds": np.zeros((3, 2))},)
