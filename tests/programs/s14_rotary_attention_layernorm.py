"""A single-head self-attention block with rotary position embeddings (pairs of features
rotated by position-dependent angles, built with np.stack and reshape), a causal mask
through np.where, and a pre-norm layer norm; the loss is a next-step regression."""

import autograd.numpy as np
import autograd.numpy.random as npr


def layer_norm(x, gain, eps=1e-5):
    mu = np.mean(x, axis=-1, keepdims=True)
    var = np.var(x, axis=-1, keepdims=True)
    return gain * (x - mu) / np.sqrt(var + eps)


def rotary(x):
    T, d = x.shape
    pos = np.arange(T)[:, None]
    freqs = 1.0 / 10.0 ** (np.arange(d // 2) / (d // 2))
    ang = pos * freqs[None, :]
    x1, x2 = x[:, 0::2], x[:, 1::2]
    rot = np.stack([x1 * np.cos(ang) - x2 * np.sin(ang), x1 * np.sin(ang) + x2 * np.cos(ang)], 2)
    return rot.reshape((T, d))


def attention(x, params):
    Wq, Wk, Wv, gain = params
    h = layer_norm(x, gain)
    q, k, v = rotary(np.dot(h, Wq)), rotary(np.dot(h, Wk)), np.dot(h, Wv)
    scores = np.dot(q, k.T) / np.sqrt(q.shape[1])
    T = x.shape[0]
    causal = np.tril(np.ones((T, T))) > 0
    scores = np.where(causal, scores, -1e9)
    scores = scores - np.max(scores, axis=1, keepdims=True)
    weights = np.exp(scores) / np.sum(np.exp(scores), axis=1, keepdims=True)
    return x + np.dot(weights, v)


def data():
    rs = npr.RandomState(1436)
    t = np.linspace(0, 3, 7)
    return np.stack([np.sin(t + p) for p in (0.0, 0.5, 1.0, 1.5)], axis=1) + 0.05 * rs.randn(7, 4)


SEQ = data()


def loss(params):
    out = attention(SEQ[:-1], params)
    return np.mean((out - SEQ[1:]) ** 2)


def inputs():
    rs = npr.RandomState(14361)
    return ([0.4 * rs.randn(4, 4) for _ in range(3)] + [np.ones(4)],)
