"""t-SNE objective: Gaussian affinities P in the high-dimensional space (fixed), Student-t
affinities Q of the embedding with the diagonal removed by (1 - np.eye(n)), the KL
divergence differentiated in the embedding; early exaggeration as a keyword."""

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd import grad


def pairwise_sq(Y):
    s = np.sum(Y**2, axis=1)
    return s[:, None] + s[None, :] - 2 * np.dot(Y, Y.T)


def high_dim_affinities(X, sigma=1.0):
    n = X.shape[0]
    P = np.exp(-pairwise_sq(X) / (2 * sigma**2)) * (1 - np.eye(n))
    P = P / np.sum(P, axis=1, keepdims=True)
    return (P + P.T) / (2 * n)


def kl_loss(Y, P, exaggeration=1.0):
    n = Y.shape[0]
    num = (1 - np.eye(n)) / (1 + pairwise_sq(Y))
    Q = num / np.sum(num)
    Pe = exaggeration * P
    off = 1 - np.eye(n)
    return np.sum(off * Pe * (np.log(Pe + np.eye(n)) - np.log(Q + np.eye(n))))


def loss(Y, P):
    return kl_loss(Y, P, exaggeration=4.0)


def inputs():
    rs = npr.RandomState(61)
    X = np.concatenate([rs.randn(4, 5), rs.randn(4, 5) + 3])
    return 0.1 * rs.randn(8, 2), high_dim_affinities(X)


def result():
    Y, P = inputs()
    g = grad(kl_loss)
    for it in range(10):
        Y = Y - 5.0 * g(Y, P, exaggeration=4.0 if it < 5 else 1.0)
    return Y
