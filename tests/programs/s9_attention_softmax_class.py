"""Single-head self-attention as a class; softmax written by hand with max subtraction;
params a list of matrices; einsum for the scores."""

import autograd.numpy as np
import autograd.numpy.random as npr


def softmax(a, axis=-1):
    a = a - np.max(a, axis=axis, keepdims=True)
    e = np.exp(a)
    return e / np.sum(e, axis=axis, keepdims=True)


class SelfAttention:
    def __init__(self, d):
        self.scale = 1.0 / np.sqrt(d)

    def __call__(self, params, x):
        Wq, Wk, Wv = params
        q, k, v = np.dot(x, Wq), np.dot(x, Wk), np.dot(x, Wv)
        scores = np.einsum("id,jd->ij", q, k) * self.scale
        return np.dot(softmax(scores), v)


ATT = SelfAttention(4)


def loss(params, x, target):
    out = ATT(params, x)
    return np.mean((out.sum(axis=0) - target) ** 2)


def inputs():
    rs = npr.RandomState(8)
    return [0.5 * rs.randn(4, 4) for _ in range(3)], rs.randn(5, 4), rs.randn(4)
