"""Linear-chain CRF negative log-likelihood: the forward algorithm in log space with
scipy's logsumexp over the previous tag, the gold path score from fancy indexing of the
transition matrix with the tag sequence (trans[y[:-1], y[1:]])."""

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd.scipy.special import logsumexp


def emission_scores(W, X):
    return np.dot(X, W)  # (T, K)


def log_partition(emissions, trans, start):
    alpha = start + emissions[0]
    for t in range(1, emissions.shape[0]):
        alpha = logsumexp(alpha[:, None] + trans, axis=0) + emissions[t]
    return logsumexp(alpha)


def path_score(emissions, trans, start, tags):
    T = len(tags)
    unary = np.sum(emissions[np.arange(T), tags])
    binary = np.sum(trans[tags[:-1], tags[1:]])
    return start[tags[0]] + unary + binary


def loss(params, sentences):
    W, trans, start = params["W"], params["trans"], params["start"]
    total = 0.0
    for X, tags in sentences:
        em = emission_scores(W, X)
        total = total + log_partition(em, trans, start) - path_score(em, trans, start, tags)
    return total / len(sentences)


def inputs():
    rs = npr.RandomState(13)
    K, D = 3, 4
    params = {"W": 0.3 * rs.randn(D, K), "trans": 0.3 * rs.randn(K, K), "start": np.zeros(K)}
    sentences = [(rs.randn(T, D), rs.randint(0, K, size=T)) for T in (5, 3, 6)]
    return params, sentences
