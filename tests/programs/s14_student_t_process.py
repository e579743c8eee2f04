"""Student-t process regression: the marginal log-likelihood of a multivariate t with nu
degrees of freedom and an RBF kernel, written with gammaln, slogdet and solve;
differentiated in (log lengthscale, log amplitude, log nu - 2)."""

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd.scipy.special import gammaln


def kernel(X, log_ls, log_amp):
    d2 = np.sum((X[:, None, :] - X[None, :, :]) ** 2, axis=2)
    return np.exp(2 * log_amp) * np.exp(-0.5 * d2 * np.exp(-2 * log_ls))


def mvt_logpdf(y, K, nu):
    n = y.shape[0]
    _, logdet = np.linalg.slogdet(K)
    beta = np.dot(y, np.linalg.solve(K, y))
    return (
        gammaln((nu + n) / 2.0)
        - gammaln(nu / 2.0)
        - 0.5 * n * np.log((nu - 2.0) * np.pi)
        - 0.5 * logdet
        - 0.5 * (nu + n) * np.log1p(beta / (nu - 2.0))
    )


def data():
    rs = npr.RandomState(1416)
    X = rs.uniform(-2, 2, (12, 1))
    y = np.sin(2 * X[:, 0]) + 0.1 * rs.standard_t(3, 12)
    return X, y


X, Y = data()


def loss(theta):
    K = kernel(X, theta[0], theta[1]) + 0.01 * np.eye(len(Y))
    nu = 2.0 + np.exp(theta[2])
    return -mvt_logpdf(Y, K, nu)


def inputs():
    return (np.array([-0.2, 0.1, 1.0]),)
