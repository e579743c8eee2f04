"""Empirical Bayes for logistic regression by the Laplace approximation: the MAP
weights are found by a few Newton steps with hessian(), and the prior precision is
then chosen by the Laplace evidence. The differentiated loss is the negative log
posterior at fixed data; result() runs the Newton steps and evaluates the evidence
with slogdet of the Hessian."""

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd import grad, hessian

rs = npr.RandomState(2817)
X = rs.randn(25, 3)
Y = (X @ np.array([1.0, -1.0, 0.5]) + 0.5 * rs.randn(25) > 0).astype(float)


def neg_log_posterior(w, log_alpha=0.0):
    logits = X @ w
    log_lik = np.sum(Y * logits - np.logaddexp(0.0, logits))
    log_prior = -0.5 * np.exp(log_alpha) * np.dot(w, w)
    return -(log_lik + log_prior)


def loss(w):
    return neg_log_posterior(w, log_alpha=np.log(0.5))


def inputs():
    return (np.array([0.2, -0.1, 0.05]),)


def newton_map(log_alpha, n_steps=5):
    w = np.zeros(X.shape[1])
    g = grad(neg_log_posterior)
    H = hessian(neg_log_posterior)
    for _ in range(n_steps):
        w = w - np.linalg.solve(H(w, log_alpha), g(w, log_alpha))
    return w


def laplace_evidence(log_alpha):
    w = newton_map(log_alpha)
    H = hessian(neg_log_posterior)(w, log_alpha)
    sign, logdet = np.linalg.slogdet(H)
    assert sign > 0
    d = len(w)
    return -neg_log_posterior(w, log_alpha) + 0.5 * d * log_alpha - 0.5 * logdet


def result():
    return [laplace_evidence(a) for a in (-1.0, 0.0, 1.0)], hessian(loss)(inputs()[0])
