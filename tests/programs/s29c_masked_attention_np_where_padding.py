"""Single-head self-attention over padded sequences: a key-padding mask built from the
sequence lengths broadcasts to the score matrix, masked scores are set to -1e9 with
np.where before a softmax along the last axis, and the pooled output of each sequence
(mean over its real positions) is regressed on a target. Parameters are a dict."""

import autograd.numpy as np
import autograd.numpy.random as npr

rs = npr.RandomState(29036)
B, T, D = 3, 5, 4
SEQ = rs.randn(B, T, D)
LENGTHS = np.array([5, 3, 2])
TARGET = rs.randn(B, D)
MASK = np.arange(T)[None, :] < LENGTHS[:, None]


def softmax(x, axis=-1):
    x = x - np.max(x, axis=axis, keepdims=True)
    e = np.exp(x)
    return e / np.sum(e, axis=axis, keepdims=True)


def attend(params, seq, mask):
    q = np.einsum("btd,de->bte", seq, params["Wq"])
    k = np.einsum("btd,de->bte", seq, params["Wk"])
    v = np.einsum("btd,de->bte", seq, params["Wv"])
    scores = np.einsum("bqe,bke->bqk", q, k) / np.sqrt(q.shape[-1])
    scores = np.where(mask[:, None, :], scores, -1e9)
    return np.einsum("bqk,bke->bqe", softmax(scores), v)


def loss(params):
    out = attend(params, SEQ, MASK)
    pooled = np.sum(out * MASK[:, :, None], axis=1) / LENGTHS[:, None]
    return np.sum((pooled - TARGET) ** 2)


def inputs():
    r = npr.RandomState(36)
    return ({"Wq": 0.4 * r.randn(D, D), "Wk": 0.4 * r.randn(D, D), "Wv": 0.4 * r.randn(D, D)},)
