"""A Student-t process regression's marginal likelihood: an ARD squared-exponential
kernel as a callable class, the Cholesky factor with jitter, whitening by
scipy.linalg.solve_triangular(lower=True), the log determinant from the factor's diagonal,
and the multivariate-t density with gammaln in the degrees of freedom, which are learned
through a softplus."""

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd.scipy.linalg import solve_triangular
from autograd.scipy.special import gammaln

rs = npr.RandomState(2408)
X = rs.rand(14, 2) * 4
Y = np.sin(X[:, 0]) * np.cos(X[:, 1]) + 0.1 * rs.randn(14)
Y[3] += 2.0  # an outlier


class ARDKernel:
    def __init__(self, log_amp, log_lengths):
        self.amp = np.exp(2 * log_amp)
        self.lengths = np.exp(log_lengths)

    def __call__(self, A, B):
        diff = (A[:, None, :] - B[None, :, :]) / self.lengths
        return self.amp * np.exp(-0.5 * np.sum(diff**2, axis=-1))


def softplus(x):
    return np.logaddexp(0.0, x)


def mvt_logpdf(y, L, nu):
    n = y.shape[0]
    alpha = solve_triangular(L, y, lower=True)
    beta = np.dot(alpha, alpha)
    logdet = 2.0 * np.sum(np.log(np.diag(L)))
    return (
        gammaln(0.5 * (nu + n))
        - gammaln(0.5 * nu)
        - 0.5 * n * np.log((nu - 2.0) * np.pi)
        - 0.5 * logdet
        - 0.5 * (nu + n) * np.log1p(beta / (nu - 2.0))
    )


def loss(theta):
    kernel = ARDKernel(theta[0], theta[1:3])
    noise = np.exp(2 * theta[3])
    nu = 2.0 + softplus(theta[4])
    K = kernel(X, X) + (noise + 1e-6) * np.eye(len(X))
    L = np.linalg.cholesky(K)
    return -mvt_logpdf(Y, L, nu)


def inputs():
    return (np.array([0.0, 0.2, -0.1, np.log(0.2), 1.0]),)
