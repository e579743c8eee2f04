"""Single-head self-attention that keeps only each query's top-k keys: the scores
q k^T / sqrt(d) are ranked with np.argsort (a constant index), a boolean mask filled row by row in a
np.zeros(dtype=bool) buffer (an in-place update of a constant) selects the kept keys,
masked scores get -1e9 through np.where, and the output passes a residual and a
layer norm before a mean-squared readout."""

import autograd.numpy as np
import autograd.numpy.random as npr

rs = npr.RandomState(2625)
SEQ, DIM, TOPK = 7, 4, 3
X = rs.randn(SEQ, DIM)
TARGET = rs.randn(SEQ, DIM)


def layer_norm(h, eps=1e-5):
    mu = h.mean(axis=-1, keepdims=True)
    var = ((h - mu) ** 2).mean(axis=-1, keepdims=True)
    return (h - mu) / np.sqrt(var + eps)


def topk_attention(params, x):
    q, k, v = x @ params["Wq"], x @ params["Wk"], x @ params["Wv"]
    scores = q @ k.T / np.sqrt(DIM)
    order = np.argsort(-scores, axis=1)[:, :TOPK]
    keep = np.zeros(scores.shape, dtype=bool)
    for row, cols in enumerate(order):
        keep[row, cols] = True
    scores = np.where(keep, scores, -1e9)
    scores = scores - scores.max(axis=1, keepdims=True)
    weights = np.exp(scores)
    weights = weights / weights.sum(axis=1, keepdims=True)
    return layer_norm(x + weights @ v @ params["Wo"])


def loss(params):
    return np.mean((topk_attention(params, X) - TARGET) ** 2)


def inputs():
    r = npr.RandomState(25)
    return ({name: 0.4 * r.randn(DIM, DIM) for name in ("Wq", "Wk", "Wv", "Wo")},)
