"""A Gaussian process regression whose hyperparameters live in a dict of log-values;
autograd.misc.flatten makes the flat vector the optimiser sees, and the loss unflattens
it first; the kernel is a sum of an RBF and a linear part and the negative log marginal
likelihood is computed with a Cholesky factor and triangular solves."""

import autograd.numpy as np
import autograd.numpy.random as npr
import autograd.scipy.linalg as spla
from autograd.misc import flatten


def kernel(hypers, X, Z):
    ls = np.exp(hypers["log_lengthscale"])
    d2 = np.sum((X[:, None, :] / ls - Z[None, :, :] / ls) ** 2, axis=-1)
    rbf = np.exp(hypers["log_amp"] * 2) * np.exp(-0.5 * d2)
    return rbf + np.exp(hypers["log_lin"]) * np.dot(X, Z.T)


def neg_log_marginal(hypers, X, y):
    n = len(y)
    K = kernel(hypers, X, X) + (np.exp(hypers["log_noise"]) + 1e-6) * np.eye(n)
    L = np.linalg.cholesky(K)
    alpha = spla.solve_triangular(L, y, lower=True)
    return 0.5 * np.dot(alpha, alpha) + np.sum(np.log(np.diag(L))) + 0.5 * n * np.log(2 * np.pi)


HYPERS = {
    "log_lengthscale": np.array([0.1, -0.2]),
    "log_amp": 0.0,
    "log_lin": -2.0,
    "log_noise": -3.0,
}
FLAT, UNFLATTEN = flatten(HYPERS)
RS = npr.RandomState(42)
X = RS.randn(10, 2)
Y = np.sin(X[:, 0]) + 0.5 * X[:, 1] + 0.05 * RS.randn(10)


def loss(flat, X=X, y=Y):
    return neg_log_marginal(UNFLATTEN(flat), X, y)


def inputs():
    return (FLAT + 0.1 * np.arange(len(FLAT)),)
