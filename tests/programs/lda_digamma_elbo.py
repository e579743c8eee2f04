"""Mean-field variational inference for a Dirichlet-multinomial (one document's topic
proportions): the ELBO in the variational Dirichlet's log-concentrations, with digamma
and gammaln from autograd.scipy.special; expectations E[log theta] in closed form."""

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd.scipy.special import digamma, gammaln


def dirichlet_log_norm(alpha):
    return np.sum(gammaln(alpha)) - gammaln(np.sum(alpha))


def expected_log_theta(gamma):
    return digamma(gamma) - digamma(np.sum(gamma))


def elbo(log_gamma, counts, topics, alpha):
    gamma = np.exp(log_gamma)
    e_log_theta = expected_log_theta(gamma)
    # per word: log sum_k exp(E log theta_k + log beta_kw), a Jensen bound on the counts
    word_ll = np.log(np.dot(np.exp(e_log_theta), topics))
    likelihood = np.dot(counts, word_ll)
    prior = -dirichlet_log_norm(alpha) + np.dot(alpha - 1, e_log_theta)
    entropy = dirichlet_log_norm(gamma) - np.dot(gamma - 1, e_log_theta)
    return likelihood + prior + entropy


def loss(log_gamma, counts, topics, alpha):
    return -elbo(log_gamma, counts, topics, alpha)


def inputs():
    rs = npr.RandomState(41)
    topics = rs.dirichlet(np.ones(8) * 0.5, size=3)
    counts = rs.multinomial(60, np.dot([0.6, 0.3, 0.1], topics)).astype(float)
    return np.log(np.array([1.5, 1.0, 2.0])), counts, topics, np.ones(3) * 0.8
