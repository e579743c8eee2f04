"""A Gaussian process marginal likelihood with kernels as small classes (RBF, Linear,
White) combined by a Sum class; each kernel reads its own slice of the hyperparameter
vector through an offset given at construction and a num_params class attribute."""

import autograd.numpy as np
import autograd.numpy.random as npr


class RBF:
    num_params = 2

    def __init__(self, offset):
        self.offset = offset

    def __call__(self, theta, X):
        log_var, log_ell = theta[self.offset], theta[self.offset + 1]
        d2 = (X[:, None] - X[None, :]) ** 2
        return np.exp(log_var) * np.exp(-0.5 * d2 / np.exp(2 * log_ell))


class Linear:
    num_params = 1

    def __init__(self, offset):
        self.offset = offset

    def __call__(self, theta, X):
        return np.exp(theta[self.offset]) * np.outer(X, X)


class White:
    num_params = 1

    def __init__(self, offset):
        self.offset = offset

    def __call__(self, theta, X):
        return np.exp(theta[self.offset]) * np.eye(len(X))


class Sum:
    def __init__(self, *kinds):
        self.parts, offset = [], 0
        for kind in kinds:
            self.parts.append(kind(offset))
            offset += kind.num_params
        self.num_params = offset

    def __call__(self, theta, X):
        return sum(part(theta, X) for part in self.parts)


KERNEL = Sum(RBF, Linear, White)
rs = npr.RandomState(3019)
X = np.sort(rs.uniform(-2, 2, 15))
Y = np.sin(2 * X) + 0.3 * X + 0.1 * rs.randn(15)


def loss(theta):
    K = KERNEL(theta, X)
    L = np.linalg.cholesky(K)
    alpha = np.linalg.solve(K, Y)
    return 0.5 * np.dot(Y, alpha) + np.sum(np.log(np.diag(L))) + 0.5 * len(X) * np.log(2 * np.pi)


def inputs():
    return (np.array([0.0, -0.3, -2.0, -3.0]),)
