"""Skip-gram with negative sampling: centre and context embedding tables indexed by
integer arrays of (centre, context) pairs and sampled negatives, log-sigmoid scores."""

import autograd.numpy as np
import autograd.numpy.random as npr


def log_sigmoid(x):
    return -np.logaddexp(0.0, -x)


def sgns_loss(emb, pairs, negatives):
    centre = emb["in"][pairs[:, 0]]
    context = emb["out"][pairs[:, 1]]
    pos = log_sigmoid(np.sum(centre * context, axis=1))
    neg_vecs = emb["out"][negatives]  # (pairs, k, dim)
    neg = np.sum(log_sigmoid(-np.einsum("pd,pkd->pk", centre, neg_vecs)), axis=1)
    return -np.mean(pos + neg)


def loss(emb, pairs, negatives):
    return sgns_loss(emb, pairs, negatives) + 1e-3 * sum(np.sum(v**2) for v in emb.values())


def inputs():
    rs = npr.RandomState(1904)
    vocab, dim = 12, 4
    emb = {"in": 0.1 * rs.randn(vocab, dim), "out": 0.1 * rs.randn(vocab, dim)}
    pairs = rs.randint(0, vocab, size=(16, 2))
    negatives = rs.randint(0, vocab, size=(16, 3))
    return emb, pairs, negatives
