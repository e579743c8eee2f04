"""GP marginal likelihood with the hyper-parameters in a frozen dataclass, as a GP written
for readability keeps them; the kernel and the likelihood read them by name."""

from dataclasses import dataclass

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd import value_and_grad


@dataclass(frozen=True)
class Hypers:
    log_length: float
    log_amp: float
    log_noise: float = -2.0


def rbf(X, Z, hyp):
    ls = np.exp(hyp.log_length)
    sq = np.sum(X**2, 1)[:, None] + np.sum(Z**2, 1)[None, :] - 2 * np.dot(X, Z.T)
    return np.exp(2 * hyp.log_amp) * np.exp(-0.5 * sq / ls**2)


def neg_log_marginal(hyp, X, y):
    K = rbf(X, X, hyp) + (np.exp(2 * hyp.log_noise) + 1e-6) * np.eye(X.shape[0])
    L = np.linalg.cholesky(K)
    alpha = np.linalg.solve(K, y)
    return 0.5 * np.dot(y, alpha) + np.sum(np.log(np.diag(L))) + 0.5 * len(y) * np.log(2 * np.pi)


def loss(log_params, X, y):
    hyp = Hypers(log_length=log_params[0], log_amp=log_params[1], log_noise=log_params[2])
    return neg_log_marginal(hyp, X, y)


def inputs():
    rs = npr.RandomState(21)
    X = rs.randn(7, 2)
    y = np.sin(X[:, 0]) + 0.1 * rs.randn(7)
    return np.array([0.1, -0.3, -1.5]), X, y


def result():
    params, X, y = inputs()
    step = value_and_grad(loss)
    trace = []
    for _ in range(5):
        value, g = step(params, X, y)
        params = params - 0.05 * g
        trace.append(value)
    return np.array(trace), params
