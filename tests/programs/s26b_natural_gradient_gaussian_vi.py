"""Natural-gradient variational inference for a Bayesian logistic regression with a
full-covariance Gaussian q(w) = N(m, L L^T): the ELBO uses fixed base noise and the
reparameterisation w = m + eps @ L.T, with L the lower triangle of a parameter matrix
(np.tril) whose diagonal is exponentiated; the natural-gradient step preconditions the
mean gradient by the current covariance and result() compares it with plain gradient
ascent. loss is the negative ELBO in the packed (m, raw L) tuple."""

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd import grad

D = 3


def lower_factor(raw):
    strict = np.tril(raw, k=-1)
    return strict + np.diag(np.exp(np.diag(raw)))


def log_joint(w, X, y, prior_var=2.0):
    logits = w @ X.T
    log_lik = np.sum(y * logits - np.logaddexp(0.0, logits), axis=-1)
    log_prior = -0.5 * np.sum(w**2, axis=-1) / prior_var
    return log_lik + log_prior


def elbo(var_params, X, y, eps):
    m, raw = var_params
    L = lower_factor(raw)
    w = m + eps @ L.T
    entropy = np.sum(np.diag(raw))
    return np.mean(log_joint(w, X, y)) + entropy


def natural_step(var_params, g, lr):
    m, raw = var_params
    L = lower_factor(raw)
    cov = L @ L.T
    return (m + lr * cov @ g[0], raw + lr * g[1])


rs = npr.RandomState(2656)
X = np.hstack([np.ones((40, 1)), rs.randn(40, D - 1)])
TRUE_W = np.array([0.5, -1.0, 2.0])
Y = (rs.rand(40) < 1 / (1 + np.exp(-X @ TRUE_W))).astype(float)
EPS = rs.randn(8, D)


def loss(var_params):
    return -elbo(var_params, X, Y, EPS)


def inputs():
    return ((np.zeros(D), -0.5 * np.eye(D) + 0.1 * np.tril(np.ones((D, D)), -1)),)


def result(n_steps=6):
    g = grad(elbo)
    nat, plain = inputs()[0], inputs()[0]
    for _ in range(n_steps):
        nat = natural_step(nat, g(nat, X, Y, EPS), 0.05)
        gp = g(plain, X, Y, EPS)
        plain = (plain[0] + 0.05 * gp[0], plain[1] + 0.05 * gp[1])
    return nat, plain, elbo(nat, X, Y, EPS) - elbo(plain, X, Y, EPS)
