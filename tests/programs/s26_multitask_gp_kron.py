"""A multi-task Gaussian process with an intrinsic coregionalisation model: the task
covariance is B = W W^T + diag(exp(kappa)), the full covariance np.kron(B, K_x) over a
shared grid, and the negative log marginal likelihood uses np.linalg.slogdet and
np.linalg.solve on the stacked targets (y.T.reshape(-1)). Hyperparameters in a list."""

import autograd.numpy as np
import autograd.numpy.random as npr

rs = npr.RandomState(2619)
XS = np.linspace(0, 3, 7)[:, None]
TASKS = 2
F = np.sin(2 * XS[:, 0])
Y = np.column_stack([F + 0.1 * rs.randn(7), 0.5 * F + 0.3 + 0.1 * rs.randn(7)])


def rbf(X, log_ls):
    d2 = (X - X.T) ** 2
    return np.exp(-0.5 * d2 / np.exp(2 * log_ls))


def loss(hypers):
    W, kappa, log_ls, log_noise = hypers
    B = W @ W.T + np.diag(np.exp(kappa))
    K = np.kron(B, rbf(XS, log_ls)) + np.exp(2 * log_noise) * np.eye(TASKS * len(XS))
    y = Y.T.reshape(-1)
    sign, logdet = np.linalg.slogdet(K)
    return 0.5 * (y @ np.linalg.solve(K, y) + logdet + len(y) * np.log(2 * np.pi))


def inputs():
    return ([np.array([[0.8], [0.4]]), np.array([-1.0, -1.5]), 0.1, -1.5],)
