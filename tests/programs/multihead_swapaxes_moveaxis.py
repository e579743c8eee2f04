"""Multi-head self-attention written with reshape, np.swapaxes and np.moveaxis (as
ports from PyTorch do), a causal mask by np.tril and np.where, a stable softmax; the
weights are a namedtuple-free plain tuple unpacked in the function."""

import autograd.numpy as np
import autograd.numpy.random as npr

N_HEADS = 2


def split_heads(x, n_heads):
    T, D = x.shape
    return np.swapaxes(np.reshape(x, (T, n_heads, D // n_heads)), 0, 1)  # (H, T, d)


def merge_heads(x):
    H, T, d = x.shape
    return np.reshape(np.moveaxis(x, 0, 1), (T, H * d))


def softmax(z, axis=-1):
    z = z - np.max(z, axis=axis, keepdims=True)
    e = np.exp(z)
    return e / np.sum(e, axis=axis, keepdims=True)


def attention(weights, x):
    Wq, Wk, Wv, Wo = weights
    q, k, v = (split_heads(np.dot(x, W), N_HEADS) for W in (Wq, Wk, Wv))
    scores = np.matmul(q, np.swapaxes(k, -1, -2)) / np.sqrt(q.shape[-1])
    causal = np.tril(np.ones((x.shape[0], x.shape[0]))) > 0
    scores = np.where(causal[None, :, :], scores, -1e9)
    return np.dot(merge_heads(np.matmul(softmax(scores), v)), Wo)


def loss(weights, x, target):
    return np.mean((attention(weights, x) - target) ** 2)


def inputs():
    rs = npr.RandomState(43)
    D = 4
    weights = tuple(0.4 * rs.randn(D, D) for _ in range(4))
    return weights, rs.randn(5, D), rs.randn(5, D)
