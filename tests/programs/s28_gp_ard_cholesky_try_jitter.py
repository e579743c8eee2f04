"""GP regression hyperparameters by the log marginal likelihood: an ARD squared
exponential kernel with log-lengthscales, a Cholesky factor taken in a try/except that
retries with more jitter, and triangular solves for alpha. Hyperparameters travel as a
dict; the noise is kept away from zero by np.clip."""

import autograd.numpy as np
import autograd.numpy.random as npr
import autograd.scipy.linalg as spla
from autograd import grad


def ard_kernel(X1, X2, log_ls, log_sf):
    A = X1 / np.exp(log_ls)
    B = X2 / np.exp(log_ls)
    sq = np.sum(A**2, 1)[:, None] + np.sum(B**2, 1)[None, :] - 2 * A @ B.T
    return np.exp(2 * log_sf) * np.exp(-0.5 * np.maximum(sq, 0.0))


def safe_cholesky(K, jitter=1e-8, tries=3):
    for attempt in range(tries):
        try:
            return np.linalg.cholesky(K + jitter * np.eye(K.shape[0]))
        except np.linalg.LinAlgError:
            jitter *= 100
    raise ValueError("kernel matrix is not positive definite")


def log_marginal_likelihood(hypers, X, y):
    noise = np.clip(np.exp(2 * hypers["log_noise"]), 1e-6, 10.0)
    K = ard_kernel(X, X, hypers["log_ls"], hypers["log_sf"]) + noise * np.eye(len(X))
    L = safe_cholesky(K)
    tmp = spla.solve_triangular(L, y, lower=True)
    alpha = spla.solve_triangular(L.T, tmp, lower=False)
    n = len(y)
    return -0.5 * y @ alpha - np.sum(np.log(np.diag(L))) - 0.5 * n * np.log(2 * np.pi)


rs = npr.RandomState(2805)
X = rs.rand(15, 2) * 4
Y = np.sin(X[:, 0]) + 0.1 * X[:, 1] + 0.1 * rs.randn(15)


def loss(hypers):
    return -log_marginal_likelihood(hypers, X, Y)


def inputs():
    return ({"log_ls": np.array([0.1, 0.5]), "log_sf": 0.0, "log_noise": -1.5},)


def result():
    hypers = inputs()[0]
    g = grad(loss)
    for _ in range(4):
        d = g(hypers)
        hypers = {k: hypers[k] - 0.05 * d[k] for k in hypers}
    return hypers
