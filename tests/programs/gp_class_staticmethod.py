"""A GP regression class with a staticmethod kernel, a @property for the noise, the
hyper-parameters on the instance as log values and a method for the negative marginal
likelihood using cholesky and solve_triangular from autograd.scipy.linalg."""

import autograd.numpy as np
import autograd.scipy.linalg as spla
from autograd import value_and_grad

JITTER = 1e-6


class GPRegressor:
    def __init__(self, X, y, log_params):
        self.X = X
        self.y = y
        self.log_ell, self.log_sf, self.log_sn = log_params[0], log_params[1], log_params[2]

    @staticmethod
    def sqdist(A, B):
        return np.sum(A**2, axis=1)[:, None] + np.sum(B**2, axis=1)[None, :] - 2 * A @ B.T

    @property
    def noise_var(self):
        return np.exp(2 * self.log_sn) + JITTER

    def kernel(self, A, B):
        return np.exp(2 * self.log_sf) * np.exp(-0.5 * self.sqdist(A, B) / np.exp(2 * self.log_ell))

    def neg_log_marginal_likelihood(self):
        n = len(self.y)
        K = self.kernel(self.X, self.X) + self.noise_var * np.eye(n)
        L = np.linalg.cholesky(K)
        v = spla.solve_triangular(L, self.y, lower=True)
        alpha = spla.solve_triangular(L.T, v, lower=False)
        nll = 0.5 * np.dot(self.y, alpha) + np.log(np.diag(L)).sum() + 0.5 * n * np.log(2 * np.pi)
        return nll

    def predict_mean(self, Xs):
        K = self.kernel(self.X, self.X) + self.noise_var * np.eye(len(self.y))
        return np.dot(self.kernel(Xs, self.X), np.linalg.solve(K, self.y))


def loss(log_params, X, y):
    return GPRegressor(X, y, log_params).neg_log_marginal_likelihood()


def inputs():
    rs = np.random.RandomState(5)
    X = np.sort(rs.uniform(-3, 3, size=(9, 1)), axis=0)
    y = np.sin(X).ravel() + 0.1 * rs.randn(9)
    return np.array([0.2, 0.1, -1.0]), X, y


def result():
    log_params, X, y = inputs()
    f = value_and_grad(loss)
    for _ in range(5):
        v, g = f(log_params, X, y)
        log_params = log_params - 0.02 * g
    gp = GPRegressor(X, y, log_params)
    return log_params, gp.predict_mean(np.array([[0.0], [1.0]]))
