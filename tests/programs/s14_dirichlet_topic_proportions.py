"""MAP estimation of document topic proportions: theta = softmax(eta) per document, a
Dirichlet prior via autograd.scipy.stats.dirichlet.logpdf, and a multinomial likelihood
of word counts through fixed topic-word distributions."""

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd.scipy.stats import dirichlet


def softmax(eta):
    e = np.exp(eta - np.max(eta))
    return e / np.sum(e)


def data():
    rs = npr.RandomState(1419)
    topics = rs.dirichlet(np.ones(6) * 0.5, size=3)
    counts = rs.multinomial(40, np.dot(np.array([0.6, 0.3, 0.1]), topics), size=4)
    return topics, counts.astype(float)


TOPICS, COUNTS = data()
ALPHA = np.array([1.5, 1.2, 2.0])


def loss(etas):
    total = 0.0
    for eta, counts in zip(etas, COUNTS):
        theta = softmax(eta)
        word_probs = np.dot(theta, TOPICS)
        total = total + np.sum(counts * np.log(word_probs)) + dirichlet.logpdf(theta, ALPHA)
    return -total


def inputs():
    return (0.1 * npr.RandomState(14191).randn(4, 3),)
