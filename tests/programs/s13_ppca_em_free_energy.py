"""Probabilistic PCA by maximising the marginal likelihood: the model covariance is
W W^T + sigma^2 I, log det and inverse through np.linalg.slogdet and solve, and the data
covariance is computed once with np.cov; the parameters are packed in a flat vector."""

import autograd.numpy as np
import autograd.numpy.random as npr

D, K = 4, 2


def unpack(theta):
    W = np.reshape(theta[: D * K], (D, K))
    log_sigma2 = theta[-1]
    return W, log_sigma2


def loss(theta, S, n):
    W, log_sigma2 = unpack(theta)
    C = np.dot(W, W.T) + np.exp(log_sigma2) * np.eye(D)
    sign, logdet = np.linalg.slogdet(C)
    assert sign > 0
    return 0.5 * n * (logdet + np.trace(np.linalg.solve(C, S)))


def inputs():
    rs = npr.RandomState(154)
    Z = rs.randn(30, K)
    X = np.dot(Z, rs.randn(K, D)) + 0.3 * rs.randn(30, D)
    S = np.cov(X, rowvar=False, bias=True)
    return np.concatenate([0.5 * rs.randn(D * K), [np.log(0.5)]]), S, 30
