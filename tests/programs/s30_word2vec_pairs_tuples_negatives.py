"""Skip-gram with negative sampling over a list of (center, context, negatives) tuples
built once from a toy corpus by a sliding window; the loss loops over the tuples and
indexes the two embedding tables with ints and with a list of negative ids."""

import autograd.numpy as np
import autograd.numpy.random as npr

CORPUS = "the cat sat on the mat the dog sat on the log".split()
VOCAB = sorted(set(CORPUS))
IDX = {w: i for i, w in enumerate(VOCAB)}
rs = npr.RandomState(3016)


def make_pairs(tokens, window=1, n_neg=2):
    pairs = []
    for i, w in enumerate(tokens):
        for j in range(max(0, i - window), min(len(tokens), i + window + 1)):
            if j != i:
                negs = list(rs.randint(0, len(VOCAB), size=n_neg))
                pairs.append((IDX[w], IDX[tokens[j]], negs))
    return pairs


PAIRS = make_pairs(CORPUS)


def log_sigmoid(x):
    return -np.logaddexp(0.0, -x)


def loss(emb):
    W_in, W_out = emb
    total = 0.0
    for c, o, negs in PAIRS:
        v = W_in[c]
        total = total - log_sigmoid(np.dot(W_out[o], v))
        total = total - np.sum(log_sigmoid(-np.dot(W_out[negs], v)))
    return total / len(PAIRS)


def inputs():
    r = npr.RandomState(16)
    return ((0.3 * r.randn(len(VOCAB), 4), 0.3 * r.randn(len(VOCAB), 4)),)
