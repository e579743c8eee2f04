"""Skip-gram with negative sampling over a toy corpus: (centre, context) pairs from a
sliding window, a fixed table of negative samples per pair, the input and output
embeddings in a tuple, row gathers by fancy indexing, the positive scores by
einsum('ij,ij->i'), the negative ones by einsum('ij,ikj->ik'), and log-sigmoid as
-np.logaddexp(0, -x)."""

import autograd.numpy as np
import autograd.numpy.random as npr

CORPUS = "the cat sat on the mat the dog sat on the log".split()
VOCAB = sorted(set(CORPUS))
INDEX = {w: i for i, w in enumerate(VOCAB)}
V, DIM, WINDOW, N_NEG = len(VOCAB), 5, 2, 3


def skipgram_pairs(tokens, window):
    ids = [INDEX[w] for w in tokens]
    pairs = []
    for i, c in enumerate(ids):
        for j in range(max(0, i - window), min(len(ids), i + window + 1)):
            if j != i:
                pairs.append((c, ids[j]))
    return np.array(pairs)


PAIRS = skipgram_pairs(CORPUS, WINDOW)
NEGATIVES = npr.RandomState(2406).randint(0, V, size=(len(PAIRS), N_NEG))


def log_sigmoid(x):
    return -np.logaddexp(0.0, -x)


def sgns_loss(W_in, W_out, pairs, negatives):
    centre = W_in[pairs[:, 0]]
    context = W_out[pairs[:, 1]]
    neg = W_out[negatives]
    pos_score = np.einsum("ij,ij->i", centre, context)
    neg_score = np.einsum("ij,ikj->ik", centre, neg)
    return -np.mean(log_sigmoid(pos_score) + np.sum(log_sigmoid(-neg_score), axis=1))


def loss(embeddings):
    W_in, W_out = embeddings
    return sgns_loss(W_in, W_out, PAIRS, NEGATIVES) + 1e-3 * (np.sum(W_in**2) + np.sum(W_out**2))


def inputs():
    rs = npr.RandomState(6)
    return ((0.1 * rs.randn(V, DIM), 0.1 * rs.randn(V, DIM)),)
