"""SimCLR's NT-Xent loss: two augmented views embedded by a small net, cosine similarities
by normalised matrix products, self-similarity removed with a large negative on the
diagonal (np.eye), the positive pairs picked with np.arange index arithmetic and
cross-entropy by logsumexp."""

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd.scipy.special import logsumexp


def project(params, x):
    W1, W2 = params
    h = np.maximum(np.dot(x, W1), 0.0) + 0.1 * np.dot(x, W1)
    z = np.dot(h, W2)
    return z / np.sqrt(np.sum(z * z, axis=1, keepdims=True))


def nt_xent(z1, z2, temperature=0.5):
    z = np.concatenate([z1, z2], axis=0)
    n = z1.shape[0]
    sim = np.dot(z, z.T) / temperature
    sim = sim - 1e9 * np.eye(2 * n)
    pos_index = np.concatenate([np.arange(n, 2 * n), np.arange(0, n)])
    pos = sim[np.arange(2 * n), pos_index]
    return np.mean(logsumexp(sim, axis=1) - pos)


def loss(params, view1, view2):
    return nt_xent(project(params, view1), project(params, view2))


def inputs():
    rs = npr.RandomState(67)
    x = rs.randn(5, 4)
    params = [0.5 * rs.randn(4, 6), 0.5 * rs.randn(6, 3)]
    return params, x + 0.1 * rs.randn(5, 4), x + 0.1 * rs.randn(5, 4)
