"""The log likelihood of a Gaussian mixture with full covariances parametrized by their
Cholesky factors (np.tril of unconstrained matrices with an exp'd diagonal), the
Mahalanobis terms by np.linalg.solve, log-determinants from the diagonals, responsibilities
with scipy.special.logsumexp, and the mixture weights by a softmax."""

import autograd.numpy as np
from autograd import grad
from autograd.scipy.special import logsumexp

K, D = 2, 2
rs = np.random.RandomState(1)
DATA = np.vstack([rs.randn(8, D) + np.array([2.0, 0.0]), rs.randn(8, D) * 0.5 - 1.0])
TRIL = np.tril(np.ones((D, D)), -1)


def unpack(theta):
    logits = theta[:K]
    means = theta[K : K + K * D].reshape(K, D)
    raw = theta[K + K * D :].reshape(K, D, D)
    return logits, means, raw


def cholesky_factor(raw):
    return raw * TRIL + np.diag(np.exp(np.diag(raw)))


def log_likelihood(theta, X):
    logits, means, raw = unpack(theta)
    log_weights = logits - logsumexp(logits)
    comps = []
    for k in range(K):
        L = cholesky_factor(raw[k])
        diff = X - means[k]
        sol = np.linalg.solve(L, diff.T)  # (D, N)
        maha = np.einsum("dn,dn->n", sol, sol)
        log_det = 2 * np.sum(np.log(np.diag(L)))
        comps.append(log_weights[k] - 0.5 * (maha + log_det + D * np.log(2 * np.pi)))
    return np.sum(logsumexp(np.stack(comps, axis=1), axis=1))


def loss(theta):
    return -log_likelihood(theta, DATA) / DATA.shape[0]


def inputs():
    return (np.random.RandomState(3).randn(K + K * D + K * D * D) * 0.3,)


def result():
    theta = inputs()[0]
    for _ in range(5):
        theta = theta - 0.2 * grad(loss)(theta)
    return theta
