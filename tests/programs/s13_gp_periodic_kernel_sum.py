"""GP regression with a sum of kernels given as a list of (function, hyper-name) pairs;
hyperparameters in a dict of log-values, Cholesky with autograd.scipy.linalg
solve_triangular, and the log determinant from the Cholesky diagonal."""

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd.scipy.linalg import solve_triangular


def sq_dist(a, b):
    return (a[:, None] - b[None, :]) ** 2


def rbf(a, b, h):
    return np.exp(h["rbf_var"]) * np.exp(-0.5 * sq_dist(a, b) / np.exp(2 * h["rbf_ls"]))


def periodic(a, b, h):
    d = np.abs(a[:, None] - b[None, :]) + 1e-9
    s = np.sin(np.pi * d / np.exp(h["per_p"]))
    return np.exp(h["per_var"]) * np.exp(-2 * s**2 / np.exp(2 * h["per_ls"]))


KERNELS = [rbf, periodic]


def neg_log_marginal(h, x, y):
    K = sum(k(x, x, h) for k in KERNELS) + np.exp(h["noise"]) * np.eye(len(x))
    L = np.linalg.cholesky(K)
    a = solve_triangular(L, y, lower=True)
    return 0.5 * np.dot(a, a) + np.sum(np.log(np.diag(L))) + 0.5 * len(x) * np.log(2 * np.pi)


def loss(h, x, y):
    return neg_log_marginal(h, x, y)


def inputs():
    rs = npr.RandomState(152)
    x = np.sort(rs.uniform(0, 5, 10))
    y = np.sin(2 * x) + 0.3 * x + 0.1 * rs.randn(10)
    h = {
        "rbf_var": np.array(0.0),
        "rbf_ls": np.array(0.5),
        "per_var": np.array(-0.5),
        "per_ls": np.array(0.0),
        "per_p": np.array(1.0),
        "noise": np.array(-2.0),
    }
    return h, x, y
