"""Probabilistic PCA by maximising the marginal likelihood: the covariance
W W^T + sigma^2 I is inverted with the Woodbury identity through the small M = W^T W +
sigma^2 I, its log determinant by the matrix determinant lemma, and the helper takes
its pieces as *args; the parameters are a flat vector holding W and log sigma^2."""

import autograd.numpy as np
import autograd.numpy.random as npr

rs = npr.RandomState(2921)
D, Q, N = 4, 2, 30
DATA = rs.randn(N, Q) @ rs.randn(Q, D) + 0.2 * rs.randn(N, D)
DATA = DATA - DATA.mean(axis=0)
S = DATA.T @ DATA / N


def unpack(params):
    return params[:-1].reshape(D, Q), np.exp(params[-1])


def neg_log_marginal(*args):
    W, sigma2, S, n = args
    M = W.T @ W + sigma2 * np.eye(Q)
    M_inv = np.linalg.inv(M)
    C_inv = (np.eye(D) - W @ M_inv @ W.T) / sigma2
    logdet_C = (D - Q) * np.log(sigma2) + np.log(np.linalg.det(M))
    return 0.5 * n * (D * np.log(2 * np.pi) + logdet_C + np.trace(C_inv @ S))


def loss(params):
    W, sigma2 = unpack(params)
    return neg_log_marginal(W, sigma2, S, N) / N


def inputs():
    return (np.concatenate([npr.RandomState(21).randn(D * Q), [np.log(0.5)]]),)
