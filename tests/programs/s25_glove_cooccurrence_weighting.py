"""GloVe word vectors: a co-occurrence count matrix from a toy corpus built with
dict.get and nested loops over windows, the nonzero cells found with np.nonzero, the
weighting np.minimum((X / x_max) ** 0.75, 1.0), and the weighted least-squares loss over
word and context embeddings and both biases held in a tuple."""

import autograd.numpy as np
import autograd.numpy.random as npr

CORPUS = "the cat sat on the mat the dog sat on the log the cat saw the dog".split()
VOCAB = {w: i for i, w in enumerate(sorted(set(CORPUS)))}
V, DIM, WINDOW = len(VOCAB), 3, 2

counts = {}
for pos, word in enumerate(CORPUS):
    for off in range(1, WINDOW + 1):
        if pos + off < len(CORPUS):
            pair = (VOCAB[word], VOCAB[CORPUS[pos + off]])
            counts[pair] = counts.get(pair, 0.0) + 1.0 / off
            counts[pair[::-1]] = counts.get(pair[::-1], 0.0) + 1.0 / off
COOC = np.zeros((V, V))
for (i, j), c in counts.items():
    COOC[i, j] = c
ROWS, COLS = np.nonzero(COOC)
LOG_X = np.log(COOC[ROWS, COLS])
WEIGHTS = np.minimum((COOC[ROWS, COLS] / 3.0) ** 0.75, 1.0)


def loss(params):
    W, W_ctx, b, b_ctx = params
    pred = np.sum(W[ROWS] * W_ctx[COLS], axis=1) + b[ROWS] + b_ctx[COLS]
    return 0.5 * np.sum(WEIGHTS * (pred - LOG_X) ** 2) / len(ROWS)


def inputs():
    r = npr.RandomState(17)
    return ((0.3 * r.randn(V, DIM), 0.3 * r.randn(V, DIM), np.zeros(V), np.zeros(V)),)
