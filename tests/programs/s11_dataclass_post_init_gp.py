"""GP regression whose hyperparameters are a dataclass with __post_init__ computing the
positive scales from their logs (as the paper's code writes it), read inside the loss
and by a method of the dataclass."""

from dataclasses import dataclass

import autograd.numpy as np
import autograd.numpy.random as npr


@dataclass
class Hypers:
    log_lengthscale: np.ndarray
    log_signal: float
    log_noise: float = -2.0

    def __post_init__(self):
        self.lengthscale = np.exp(self.log_lengthscale)
        self.signal = np.exp(2.0 * self.log_signal)
        self.noise = np.exp(2.0 * self.log_noise) + 1e-6

    def kernel(self, A, B):
        a, b = A / self.lengthscale, B / self.lengthscale
        sq = np.sum(a**2, 1)[:, None] + np.sum(b**2, 1)[None, :] - 2.0 * np.dot(a, b.T)
        return self.signal * np.exp(-0.5 * sq)


def loss(theta, X, y):
    hyp = Hypers(theta[:2], theta[2], log_noise=theta[3])
    K = hyp.kernel(X, X) + hyp.noise * np.eye(X.shape[0])
    L = np.linalg.cholesky(K)
    alpha = np.linalg.solve(K, y)
    return 0.5 * np.dot(y, alpha) + np.sum(np.log(np.diag(L)))


def inputs():
    rs = npr.RandomState(5)
    X = rs.randn(7, 2)
    y = np.sin(X[:, 0]) + 0.1 * rs.randn(7)
    return np.array([0.1, -0.2, 0.3, -1.5]), X, y
