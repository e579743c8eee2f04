"""Ordinal (cumulative probit) regression: ordered cut points built as a first cut plus
the cumulative sum of exponentiated gaps, class probabilities as differences of norm.cdf
at consecutive cut points (with -inf/+inf ends padded by np.concatenate), picked for
each observation by integer indexing."""

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd.scipy.stats import norm

rs = npr.RandomState(2912)
N, D, K = 30, 2, 4
X = rs.randn(N, D)
latent = X @ np.array([1.0, -0.5]) + 0.5 * rs.randn(N)
Y = np.digitize(latent, [-1.0, 0.0, 1.0])


def cut_points(raw):
    return raw[0] + np.concatenate([np.zeros(1), np.cumsum(np.exp(raw[1:]))])


def class_probs(eta, cuts):
    upper = np.concatenate([cuts, [np.inf]])
    lower = np.concatenate([[-np.inf], cuts])
    return norm.cdf(upper[None, :] - eta[:, None]) - norm.cdf(lower[None, :] - eta[:, None])


def loss(params):
    beta, raw = params[:D], params[D:]
    probs = class_probs(X @ beta, cut_points(raw))
    return -np.sum(np.log(probs[np.arange(N), Y] + 1e-12)) + 0.5 * np.sum(beta**2)


def inputs():
    return (np.array([0.3, -0.1, -0.8, 0.0, 0.2]),)
