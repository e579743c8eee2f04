"""GP regression whose hyperparameters live in a dataclass built inside the loss from the
unconstrained vector: @property getters give the positive lengthscale, amplitude and
noise, a method builds the kernel from them, another returns the negative log marginal
likelihood through a Cholesky factor; a list of such dataclasses (one per output) is
summed over."""

from dataclasses import dataclass

import autograd.numpy as np
import autograd.numpy.random as npr

rs = npr.RandomState(2418)
X = np.sort(rs.rand(12) * 5)
YS = [np.sin(X) + 0.1 * rs.randn(12), np.cos(0.5 * X) + 0.1 * rs.randn(12)]


@dataclass
class Hypers:
    log_ls: float
    log_amp: float
    log_noise: float

    @property
    def lengthscale(self):
        return np.exp(self.log_ls)

    @property
    def amplitude(self):
        return np.exp(2 * self.log_amp)

    @property
    def noise(self):
        return np.exp(2 * self.log_noise) + 1e-6

    def kernel(self, a, b):
        d = (a[:, None] - b[None, :]) / self.lengthscale
        return self.amplitude * np.exp(-0.5 * d**2)

    def nll(self, x, y):
        K = self.kernel(x, x) + self.noise * np.eye(len(x))
        L = np.linalg.cholesky(K)
        alpha = np.linalg.solve(L.T, np.linalg.solve(L, y))
        return (
            0.5 * np.dot(y, alpha) + np.sum(np.log(np.diag(L))) + 0.5 * len(x) * np.log(2 * np.pi)
        )


def loss(theta):
    hypers = [Hypers(*row) for row in np.reshape(theta, (2, 3))]
    return sum(h.nll(X, y) for h, y in zip(hypers, YS))


def inputs():
    return (np.array([0.0, 0.0, np.log(0.2), 0.3, -0.2, np.log(0.3)]),)
