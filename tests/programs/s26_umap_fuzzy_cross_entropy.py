"""A UMAP-style layout objective: high-dimensional fuzzy memberships come from k nearest
neighbours (np.argsort, rho and sigma per point, symmetrised with P + P.T - P * P.T),
the low-dimensional similarity is 1 / (1 + a d^(2b)), and the loss is the fuzzy set
cross-entropy over all pairs with the diagonal masked out."""

import autograd.numpy as np
import autograd.numpy.random as npr

rs = npr.RandomState(2614)
HIGH = np.vstack([rs.randn(8, 5), rs.randn(8, 5) + 3.0])
N, K = len(HIGH), 4
A_PARAM, B_PARAM = 1.58, 0.9


def fuzzy_graph(X):
    d = np.sqrt(np.sum((X[:, None] - X[None]) ** 2, axis=-1))
    order = np.argsort(d, axis=1)[:, 1 : K + 1]
    P = np.zeros((N, N))
    for i in range(N):
        nbrs = d[i, order[i]]
        rho = nbrs[0]
        sigma = np.mean(nbrs - rho) + 1e-3
        P[i, order[i]] = np.exp(-(nbrs - rho) / sigma)
    return P + P.T - P * P.T


P_HIGH = fuzzy_graph(HIGH)
OFF_DIAG = 1.0 - np.eye(N)


def loss(embedding, eps=1e-4):
    diff = embedding[:, None, :] - embedding[None, :, :]
    d2 = np.sum(diff**2, axis=-1) + eps
    Q = 1.0 / (1.0 + A_PARAM * d2**B_PARAM)
    attract = -P_HIGH * np.log(Q + eps)
    repel = -(1.0 - P_HIGH) * np.log(1.0 - Q + eps)
    return np.sum(OFF_DIAG * (attract + repel)) / N


def inputs():
    return (0.5 * npr.RandomState(14).randn(N, 2),)
