"""Multi-head causal self-attention as in a GPT block: q, k, v from one fused projection
split with np.split, heads made by reshape and transpose, a lower-triangular mask from
np.tril applied with np.where, a stable softmax, and the heads merged back; the loss is
next-token regression on the sequence."""

import autograd.numpy as np
import autograd.numpy.random as npr

T, D, H = 5, 4, 2
rs = npr.RandomState(2205)
SEQ = rs.randn(T, D)
TARGET = np.roll(SEQ, -1, axis=0)
MASK = np.tril(np.ones((T, T))) > 0


def softmax(z, axis=-1):
    z = z - np.max(z, axis=axis, keepdims=True)
    e = np.exp(z)
    return e / np.sum(e, axis=axis, keepdims=True)


def split_heads(x):
    return x.reshape(T, H, D // H).transpose((1, 0, 2))


def causal_attention(x, w_qkv, w_out):
    q, k, v = np.split(np.dot(x, w_qkv), 3, axis=-1)
    q, k, v = split_heads(q), split_heads(k), split_heads(v)
    scores = np.matmul(q, k.transpose((0, 2, 1))) / np.sqrt(D // H)
    scores = np.where(MASK[None], scores, -1e9)
    att = softmax(scores)
    out = np.matmul(att, v).transpose((1, 0, 2)).reshape(T, D)
    return x + np.dot(out, w_out)


def loss(w_qkv, w_out):
    pred = causal_attention(SEQ, w_qkv, w_out)
    return np.mean((pred[:-1] - TARGET[:-1]) ** 2)


ARGNUM = (0, 1)


def inputs():
    init = npr.RandomState(3)
    return 0.4 * init.randn(D, 3 * D), 0.4 * init.randn(D, D)
