"""Bayesian logistic regression with a Laplace approximation: the MAP weights are found
beforehand by a few Newton steps (plain NumPy outside the gradient), and the log evidence
of the prior precision is approximated at that point with the Hessian written by hand and
np.linalg.slogdet. The hyperparameter is a log precision in a length-1 array."""

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd.scipy.special import expit

rs = npr.RandomState(2903)
N, D = 30, 3
X = rs.randn(N, D)
t = (X @ np.array([1.5, -1.0, 0.3]) + 0.5 * rs.randn(N) > 0).astype(float)


def find_map(alpha, n_iter=8):
    w = np.zeros(D)
    for _ in range(n_iter):
        p = 1.0 / (1.0 + np.exp(-X @ w))
        g = X.T @ (p - t) + alpha * w
        H = X.T @ (X * (p * (1 - p))[:, None]) + alpha * np.eye(D)
        w = w - np.linalg.solve(H, g)
    return w


W_MAP = find_map(1.0)


def log_joint(w, alpha):
    a = X @ w
    log_lik = np.sum(t * a - np.logaddexp(0.0, a))
    log_prior = 0.5 * D * np.log(alpha) - 0.5 * alpha * np.dot(w, w) - 0.5 * D * np.log(2 * np.pi)
    return log_lik + log_prior


def laplace_log_evidence(log_alpha, w=W_MAP):
    alpha = np.exp(log_alpha[0])
    p = expit(X @ w)
    A = np.dot(X.T * (p * (1 - p)), X) + alpha * np.eye(D)
    sign, logdet = np.linalg.slogdet(A)
    return log_joint(w, alpha) + 0.5 * D * np.log(2 * np.pi) - 0.5 * logdet


def loss(log_alpha):
    return -laplace_log_evidence(log_alpha)


def inputs():
    return (np.array([0.2]),)
