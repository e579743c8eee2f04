"""Continuous bag-of-words with negative sampling: a collections.Counter over a toy
corpus gives the unigram^0.75 noise distribution, context windows come from a generator
function, the loss averages the context embeddings (fancy indexing of the input matrix,
.mean(axis=0)) and scores the centre word against fixed negatives with log-sigmoids."""

from collections import Counter

import autograd.numpy as np
import autograd.numpy.random as npr

CORPUS = "the cat sat on the mat the dog sat on the log a cat and a dog".split()
COUNTS = Counter(CORPUS)
VOCAB = sorted(COUNTS)
INDEX = {w: i for i, w in enumerate(VOCAB)}
V, DIM, WINDOW, NEG = len(VOCAB), 6, 2, 3
NOISE = np.array([COUNTS[w] ** 0.75 for w in VOCAB])
NOISE = NOISE / NOISE.sum()


def windows(tokens, size):
    ids = [INDEX[t] for t in tokens]
    for pos, centre in enumerate(ids):
        context = ids[max(0, pos - size) : pos] + ids[pos + 1 : pos + 1 + size]
        yield centre, context


PAIRS = list(windows(CORPUS, WINDOW))
NEGATIVES = npr.RandomState(2615).choice(V, size=(len(PAIRS), NEG), p=NOISE)


def log_sigmoid(x):
    return -np.logaddexp(0.0, -x)


def loss(params):
    W_in, W_out = params["in"], params["out"]
    total = 0.0
    for (centre, context), negs in zip(PAIRS, NEGATIVES):
        h = W_in[context].mean(axis=0)
        total = total + log_sigmoid(W_out[centre] @ h) + np.sum(log_sigmoid(-W_out[negs] @ h))
    return -total / len(PAIRS)


def inputs():
    r = npr.RandomState(15)
    return ({"in": 0.1 * r.randn(V, DIM), "out": 0.1 * r.randn(V, DIM)},)
