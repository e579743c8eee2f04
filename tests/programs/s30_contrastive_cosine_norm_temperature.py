"""An InfoNCE/SimCLR-style contrastive loss: two augmented views go through a projection
head, embeddings are normalised with np.linalg.norm(axis=1, keepdims=True), the
similarity matrix is divided by a temperature, the diagonal masked with np.eye and a
large negative, and the cross-entropy picks the positive pair of each row. autograd's gradient of
np.linalg.norm with axis and keepdims=True is wrong (it matches finite differences without
keepdims), so the ORACLE spells the norm out."""

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd.scipy.special import logsumexp

rs = npr.RandomState(3030)
BASE = rs.randn(6, 4)
VIEW1 = BASE + 0.1 * rs.randn(6, 4)
VIEW2 = BASE + 0.1 * rs.randn(6, 4)
TAU = 0.5


def project(W, x):
    z = np.tanh(x @ W[0]) @ W[1]
    return z / np.linalg.norm(z, axis=1, keepdims=True)


def project_spelled(W, x):
    z = np.tanh(x @ W[0]) @ W[1]
    return z / np.sqrt(np.sum(z**2, axis=1, keepdims=True))


def loss(W, project=project):
    z = np.concatenate([project(W, VIEW1), project(W, VIEW2)], axis=0)
    n = z.shape[0] // 2
    sim = z @ z.T / TAU - 1e9 * np.eye(2 * n)
    positives = np.concatenate([np.arange(n, 2 * n), np.arange(n)])
    logits = sim[np.arange(2 * n), positives]
    return np.mean(logsumexp(sim, axis=1) - logits)


def oracle(W):
    return loss(W, project_spelled)


ORACLE = "oracle"


def inputs():
    r = npr.RandomState(30)
    return ([0.5 * r.randn(4, 5), 0.5 * r.randn(5, 3)],)
