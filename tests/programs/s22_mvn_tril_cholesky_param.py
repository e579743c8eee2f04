"""Maximum likelihood for a multivariate normal with an unconstrained Cholesky
parametrisation: the strictly lower part from np.tril(M, -1), the diagonal through exp of
np.diag, the log-likelihood written by hand with solve_triangular and checked against
autograd.scipy.stats.multivariate_normal.logpdf on the covariance L L^T (both terms in the
loss); differentiated in the mean and the raw factor."""

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd.scipy.linalg import solve_triangular
from autograd.scipy.stats import multivariate_normal

rs = npr.RandomState(2222)
TRUE_L = np.array([[1.0, 0.0, 0.0], [0.5, 0.8, 0.0], [-0.3, 0.2, 0.5]])
DATA = np.dot(rs.randn(25, 3), TRUE_L.T) + np.array([1.0, -1.0, 0.5])


def cholesky_factor(raw):
    return np.tril(raw, -1) + np.diag(np.exp(np.diag(raw)))


def mvn_loglik(x, mean, L):
    n, d = x.shape
    alpha = solve_triangular(L, (x - mean).T, lower=True)
    return (
        -0.5 * np.sum(alpha**2) - n * np.sum(np.log(np.diag(L))) - 0.5 * n * d * np.log(2 * np.pi)
    )


def loss(mean, raw):
    L = cholesky_factor(raw)
    manual = mvn_loglik(DATA, mean, L)
    library = np.sum(multivariate_normal.logpdf(DATA, mean, np.dot(L, L.T)))
    return -(manual + library) / len(DATA)


ARGNUM = (0, 1)


def inputs():
    return np.zeros(3), 0.1 * np.arange(9.0).reshape(3, 3) - 0.3
