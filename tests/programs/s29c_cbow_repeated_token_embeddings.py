"""CBOW word vectors with negative sampling over a tiny corpus: each context window is a
list of word ids looked up by fancy indexing E[context] (ids repeat inside a window and
the centre word can occur in its own context), the mean context vector scores the
centre word and fixed negative samples through the output matrix, and the loss is the
mean negative-sampling objective. Parameters are a tuple (E, O)."""

import autograd.numpy as np
import autograd.numpy.random as npr

CORPUS = "the cat sat on the mat the cat ate the rat".split()
VOCAB = sorted(set(CORPUS))
IDS = [VOCAB.index(w) for w in CORPUS]
WINDOW = 2
rs = npr.RandomState(29047)
NEGATIVES = rs.randint(0, len(VOCAB), size=(len(IDS), 3))


def windows(ids, k):
    for i, centre in enumerate(ids):
        context = ids[max(0, i - k) : i] + ids[i + 1 : i + 1 + k]
        yield centre, context


def log_sigmoid(x):
    return -np.logaddexp(0.0, -x)


def loss(params):
    E, O = params
    total = 0.0
    count = 0
    for (centre, context), negs in zip(windows(IDS, WINDOW), NEGATIVES):
        h = np.mean(E[context], axis=0)
        pos = log_sigmoid(np.dot(O[centre], h))
        neg = np.sum(log_sigmoid(-np.dot(O[negs], h)))
        total = total - (pos + neg)
        count += 1
    return total / count


def inputs():
    r = npr.RandomState(47)
    return ((0.3 * r.randn(len(VOCAB), 4), 0.3 * r.randn(len(VOCAB), 4)),)
