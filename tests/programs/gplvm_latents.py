"""GP-LVM: latent coordinates and kernel hyperparameters in one vector, a GP marginal
likelihood per output dimension plus a Gaussian prior on the latents."""

import autograd.numpy as np
import autograd.numpy.random as npr
import autograd.scipy.stats.norm as norm

N, Q, D = 6, 2, 3


def rbf(x, xp, params):
    output_scale = np.exp(params[0])
    lengthscales = np.exp(params[1:])
    diffs = np.expand_dims(x / lengthscales, 1) - np.expand_dims(xp / lengthscales, 0)
    return output_scale * np.exp(-0.5 * np.sum(diffs**2, axis=2))


def gp_log_marginal(params, x, y):
    noise = np.exp(params[0]) + 1e-4
    K = rbf(x, x, params[1:]) + noise * np.eye(len(y))
    L = np.linalg.cholesky(K)
    alpha = np.linalg.solve(L.T, np.linalg.solve(L, y))
    return -0.5 * np.dot(y, alpha) - np.sum(np.log(np.diag(L))) - 0.5 * len(y) * np.log(2 * np.pi)


def unpack(params):
    return params[: 2 + Q], params[2 + Q :].reshape((N, Q))


def loss(params, data):
    hypers, latents = unpack(params)
    like = sum([gp_log_marginal(hypers, latents, data[:, d]) for d in range(D)])
    prior = np.sum(norm.logpdf(latents, 0.0, 1.0))
    return -(like + prior)


def inputs():
    rs = npr.RandomState(7)
    params = np.concatenate([np.array([-1.0, 0.1, 0.0, 0.2]), rs.randn(N * Q) * 0.5])
    return params, rs.randn(N, D)
