"""Deep-sets regression with attention pooling: each example is a set of different
size, the element embeddings are scored against a learned query, pooled by softmax
weights, concatenated with the set's mean and size feature, and mapped to a scalar.
Sets are stored as one array with an integer array of segment starts."""

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd.scipy.special import logsumexp


def embed(params, x):
    return np.tanh(x @ params["W_e"] + params["b_e"])


def attention_pool(params, h):
    scores = h @ params["query"]
    weights = np.exp(scores - logsumexp(scores))
    return weights @ h


def predict_set(params, x):
    h = embed(params, x)
    feats = np.concatenate([attention_pool(params, h), np.mean(h, axis=0), [np.log(len(x))]])
    return feats @ params["w_out"]


rs = npr.RandomState(2816)
SIZES = np.array([3, 5, 2, 4, 6])
STARTS = np.concatenate([[0], np.cumsum(SIZES)[:-1]])
ELEMENTS = rs.randn(int(SIZES.sum()), 2)
TARGETS = np.array([np.max(ELEMENTS[s : s + n, 0]) for s, n in zip(STARTS, SIZES)])


def loss(params):
    preds = [predict_set(params, ELEMENTS[s : s + n]) for s, n in zip(STARTS, SIZES)]
    return np.mean((np.array(preds) - TARGETS) ** 2)


def inputs():
    r = npr.RandomState(16)
    d_h = 3
    return (
        {
            "W_e": 0.5 * r.randn(2, d_h),
            "b_e": np.zeros(d_h),
            "query": 0.5 * r.randn(d_h),
            "w_out": 0.5 * r.randn(2 * d_h + 1),
        },
    )
