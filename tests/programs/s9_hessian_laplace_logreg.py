"""Laplace approximation for Bayesian logistic regression: autograd.hessian of the
negative log posterior, and the log-evidence with np.linalg.slogdet."""

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd import hessian


def neg_log_post(w, X, y, prior_var=4.0):
    z = np.dot(X, w)
    return np.sum(np.logaddexp(0.0, z) - y * z) + 0.5 * np.dot(w, w) / prior_var


def loss(w, X, y):
    return neg_log_post(w, X, y)


def inputs():
    rs = npr.RandomState(25)
    X = rs.randn(12, 3)
    y = (rs.rand(12) > 0.5).astype(float)
    return 0.1 * rs.randn(3), X, y


def result():
    w, X, y = inputs()
    H = hessian(neg_log_post)(w, X, y)
    sign, logdet = np.linalg.slogdet(H)
    return H, -neg_log_post(w, X, y) - 0.5 * logdet
