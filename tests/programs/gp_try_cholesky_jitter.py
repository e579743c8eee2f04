"""GP regression written defensively: try np.linalg.cholesky and on LinAlgError retry
with growing jitter in a while loop; the marginal likelihood from triangular solves
(autograd.scipy.linalg.solve_triangular) and the log-diagonal of the factor."""

import autograd.numpy as np
import autograd.numpy.random as npr
import autograd.scipy.linalg as spla


def rbf(X, Y, log_ls, log_var):
    d2 = np.sum((X[:, None, :] - Y[None, :, :]) ** 2, axis=-1)
    return np.exp(log_var) * np.exp(-0.5 * d2 / np.exp(2 * log_ls))


def safe_cholesky(K, jitter=1e-10, max_tries=5):
    tries = 0
    while True:
        try:
            return np.linalg.cholesky(K + jitter * np.eye(K.shape[0]))
        except np.linalg.LinAlgError:
            tries += 1
            if tries >= max_tries:
                raise
            jitter = jitter * 10


def loss(hypers, X, y):
    log_ls, log_var, log_noise = hypers[0], hypers[1], hypers[2]
    K = rbf(X, X, log_ls, log_var) + np.exp(2 * log_noise) * np.eye(len(y))
    L = safe_cholesky(K)
    alpha = spla.solve_triangular(L, y, lower=True)
    return (
        0.5 * np.dot(alpha, alpha) + np.sum(np.log(np.diag(L))) + 0.5 * len(y) * np.log(2 * np.pi)
    )


def inputs():
    rs = npr.RandomState(48)
    X = np.sort(rs.rand(9, 1) * 4, axis=0)
    y = np.sin(X[:, 0]) + 0.1 * rs.randn(9)
    return np.array([0.0, 0.1, -1.0]), X, y
