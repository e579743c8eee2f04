"""An additive GP kernel assembled from functools.partial objects of three different
kernel functions (RBF, linear, Matern-3/2) bound to differentiated hyperparameters, read
in a loop; the negative log marginal likelihood through slogdet and solve."""

from functools import partial

import autograd.numpy as np
import autograd.numpy.random as npr


def rbf(x, y, ls):
    return np.exp(-0.5 * (x[:, None] - y[None, :]) ** 2 / ls**2)


def linear(x, y, var, offset=0.0):
    return var * (x[:, None] - offset) * (y[None, :] - offset)


def matern32(x, y, ls, var=1.0):
    r = np.sqrt((x[:, None] - y[None, :]) ** 2 + 1e-12) / ls
    return var * (1 + np.sqrt(3.0) * r) * np.exp(-np.sqrt(3.0) * r)


X = np.linspace(-2, 2, 12)
Y = np.sin(2 * X) + 0.3 * X + 0.1 * npr.RandomState(1913).randn(12)


def loss(log_h):
    h = np.exp(log_h)
    kernels = [
        partial(rbf, ls=h[0]),
        partial(linear, var=h[1]),
        partial(matern32, ls=h[2], var=h[3]),
    ]
    K = 0.1 * np.eye(len(X))
    for k in kernels:
        K = K + k(X, X)
    sign, logdet = np.linalg.slogdet(K)
    return 0.5 * np.dot(Y, np.linalg.solve(K, Y)) + 0.5 * logdet


def inputs():
    return (np.array([0.0, -1.0, 0.3, -0.5]),)
