"""GP marginal likelihood whose Cholesky factorisation retries with growing jitter when the
kernel matrix is not numerically positive definite (duplicate inputs make it singular)."""

import autograd.numpy as np
import autograd.numpy.random as npr


def kernel(X, amp, length):
    sq = np.sum(X**2, 1)
    D = sq[:, None] + sq[None, :] - 2 * np.dot(X, X.T)
    return amp**2 * np.exp(-D / (2 * length**2))


def stable_cholesky(K):
    jitter = 0.0
    for attempt in range(6):
        try:
            return np.linalg.cholesky(K + jitter * np.eye(K.shape[0]))
        except np.linalg.LinAlgError:
            jitter = 1e-4 if jitter == 0.0 else jitter * 10.0
    raise np.linalg.LinAlgError("the kernel matrix is not positive definite")


def loss(params, X, y):
    amp, length = np.exp(params[0]), np.exp(params[1])
    K = kernel(X, amp, length) - 2e-3 * np.eye(X.shape[0])  # indefinite: needs jitter
    L = stable_cholesky(K)
    alpha = np.linalg.solve(L.T, np.linalg.solve(L, y))
    return 0.5 * np.dot(y, alpha) + np.sum(np.log(np.diag(L)))


def inputs():
    rs = npr.RandomState(3)
    X = rs.randn(5, 2)
    X = np.concatenate([X, X[:2]])  # two points twice: K is singular
    return np.array([0.2, -0.1]), X, rs.randn(7)
