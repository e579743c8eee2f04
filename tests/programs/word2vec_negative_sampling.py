"""Skip-gram word2vec with negative sampling: center and context embeddings picked by
integer index arrays (repeated indices, so the adjoint must accumulate), negatives drawn
up front with RandomState.randint, log-sigmoid scores from np.logaddexp."""

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd import grad


def log_sigmoid(x):
    return -np.logaddexp(0, -x)


def sgns_loss(params, centers, contexts, negatives):
    W_in, W_out = params["in"], params["out"]
    v = W_in[centers]  # (B, D)
    u_pos = W_out[contexts]  # (B, D)
    u_neg = W_out[negatives]  # (B, K, D)
    pos = log_sigmoid(np.sum(v * u_pos, axis=1))
    neg = np.sum(log_sigmoid(-np.einsum("bkd,bd->bk", u_neg, v)), axis=1)
    return -np.mean(pos + neg)


def loss(params, centers, contexts, negatives):
    return sgns_loss(params, centers, contexts, negatives)


def make_pairs(corpus, window=1):
    pairs = [
        (w, corpus[j])
        for i, w in enumerate(corpus)
        for j in range(max(0, i - window), min(len(corpus), i + window + 1))
        if j != i
    ]
    centers, contexts = zip(*pairs)
    return np.array(centers), np.array(contexts)


def inputs():
    rs = npr.RandomState(44)
    V, D, K = 6, 3, 2
    corpus = [0, 1, 2, 1, 3, 4, 1, 5, 0, 2]
    centers, contexts = make_pairs(corpus)
    negatives = rs.randint(0, V, size=(len(centers), K))
    params = {"in": 0.3 * rs.randn(V, D), "out": 0.3 * rs.randn(V, D)}
    return params, centers, contexts, negatives


def result():
    params, centers, contexts, negatives = inputs()
    g = grad(loss)
    for epoch in range(4):
        grads = g(params, centers, contexts, negatives)
        params = {k: params[k] - 0.5 * grads[k] for k in params}
    return params
