"""GP regression with an ARD squared-exponential kernel made by a factory: make_kernel
returns a function of (params, X1, X2) for the kind asked, the hyperparameters are one
vector of log amplitude, log lengthscales and log noise, and the negative log marginal
likelihood uses np.linalg.cholesky and solve_triangular twice."""

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd.scipy.linalg import solve_triangular


def make_kernel(kind):
    if kind == "ard":

        def kernel(params, X1, X2):
            log_amp, log_ls = params[0], params[1:]
            A = X1 / np.exp(log_ls)
            B = X2 / np.exp(log_ls)
            sq = np.sum(A**2, 1)[:, None] + np.sum(B**2, 1)[None, :] - 2 * np.dot(A, B.T)
            return np.exp(2 * log_amp) * np.exp(-0.5 * sq)

    else:

        def kernel(params, X1, X2):
            return np.exp(2 * params[0]) * np.dot(X1, X2.T)

    return kernel


rs = npr.RandomState(29005)
X = rs.rand(12, 2) * 4
y = np.sin(X[:, 0]) + 0.3 * X[:, 1] + 0.1 * rs.randn(12)
kernel = make_kernel("ard")


def negative_log_marginal_likelihood(hypers, X, y):
    kern_params, log_noise = hypers[:-1], hypers[-1]
    K = kernel(kern_params, X, X) + (np.exp(2 * log_noise) + 1e-6) * np.eye(len(y))
    L = np.linalg.cholesky(K)
    v = solve_triangular(L, y, lower=True)
    alpha = solve_triangular(L.T, v, lower=False)
    return 0.5 * np.dot(y, alpha) + np.sum(np.log(np.diag(L))) + 0.5 * len(y) * np.log(2 * np.pi)


def loss(hypers):
    return negative_log_marginal_likelihood(hypers, X, y)


def inputs():
    return (np.array([0.1, 0.2, -0.3, -1.5]),)
