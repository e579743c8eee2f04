"""A GP with a composite kernel: kernel functions in a module-level dict, hyperparameters
in a dict of the same keys, the covariance summed over KERNELS.items(); a periodic and a
linear part; the negative log marginal likelihood via np.linalg.slogdet and solve."""

import autograd.numpy as np
import autograd.numpy.random as npr


def rbf(x1, x2, p):
    return np.exp(p[0]) * np.exp(-0.5 * (x1[:, None] - x2[None, :]) ** 2 / np.exp(2 * p[1]))


def periodic(x1, x2, p):
    d = x1[:, None] - x2[None, :]
    return np.exp(p[0]) * np.exp(-2 * np.sin(np.pi * d / np.exp(p[2])) ** 2 / np.exp(2 * p[1]))


def linear(x1, x2, p):
    return np.exp(p[0]) * np.outer(x1 - p[1], x2 - p[1])


KERNELS = {"rbf": rbf, "periodic": periodic, "linear": linear}


def covariance(hypers, x1, x2):
    return sum(k(x1, x2, hypers[name]) for name, k in KERNELS.items())


def loss(hypers, x, y):
    K = covariance(hypers, x, x) + np.exp(2 * hypers["noise"]) * np.eye(len(x))
    sign, logdet = np.linalg.slogdet(K)
    alpha = np.linalg.solve(K, y)
    return 0.5 * np.dot(y, alpha) + 0.5 * logdet


def inputs():
    rs = npr.RandomState(77)
    x = np.linspace(0, 4, 10)
    y = np.sin(2 * x) + 0.3 * x + 0.1 * rs.randn(10)
    hypers = {
        "rbf": np.array([0.0, 0.3]),
        "periodic": np.array([-0.5, 0.0, 1.1]),
        "linear": np.array([-2.0, 0.5]),
        "noise": np.array(-1.5),
    }
    return hypers, x, y
