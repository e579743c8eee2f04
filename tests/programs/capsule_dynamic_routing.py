"""Capsule layer with dynamic routing by agreement (Sabour et al.): prediction vectors
u_hat by np.einsum, three routing iterations that update the coupling logits b with the
agreement, softmax over output capsules, the squash nonlinearity with keepdims; a margin
loss on the output lengths."""

import autograd.numpy as np
import autograd.numpy.random as npr


def squash(s, eps=1e-8):
    sq = np.sum(s**2, axis=-1, keepdims=True)
    return (sq / (1 + sq)) * s / np.sqrt(sq + eps)


def softmax(x, axis):
    e = np.exp(x - np.max(x, axis=axis, keepdims=True))
    return e / np.sum(e, axis=axis, keepdims=True)


def route(u, W, iterations=3):
    u_hat = np.einsum("nid,ijdk->nijk", u, W)  # (batch, in caps, out caps, out dim)
    b = np.zeros(u_hat.shape[:3])
    for r in range(iterations):
        c = softmax(b, axis=2)
        v = squash(np.einsum("nij,nijk->njk", c, u_hat))
        if r < iterations - 1:
            b = b + np.einsum("nijk,njk->nij", u_hat, v)
    return v


def loss(W, u, labels, m_plus=0.9, m_minus=0.1):
    v = route(u, W)
    lengths = np.sqrt(np.sum(v**2, axis=-1) + 1e-9)
    T = np.eye(v.shape[1])[labels]
    present = T * np.maximum(0.0, m_plus - lengths) ** 2
    absent = 0.5 * (1 - T) * np.maximum(0.0, lengths - m_minus) ** 2
    return np.mean(np.sum(present + absent, axis=1))


def inputs():
    rs = npr.RandomState(87)
    u = squash(rs.randn(3, 4, 2))
    return 0.5 * rs.randn(4, 3, 2, 3), u, np.array([0, 2, 1])
