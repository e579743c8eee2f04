"""Skip-gram word embeddings with a full softmax over a tiny vocabulary: (center,
context) index pairs from a sliding window over a token list, input and output embedding
matrices in a tuple, a stable log-softmax via scipy.special.logsumexp with keepdims."""

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd.scipy.special import logsumexp

TOKENS = [0, 1, 2, 3, 1, 4, 2, 0, 3, 4, 1]
WINDOW = 2


def skipgram_pairs(tokens, window):
    pairs = []
    for i, c in enumerate(tokens):
        for j in range(max(0, i - window), min(len(tokens), i + window + 1)):
            if j != i:
                pairs.append((c, tokens[j]))
    return np.array(pairs)


PAIRS = skipgram_pairs(TOKENS, WINDOW)


def loss(params):
    W_in, W_out = params
    centers, contexts = PAIRS[:, 0], PAIRS[:, 1]
    scores = np.dot(W_in[centers], W_out.T)
    log_probs = scores - logsumexp(scores, axis=1, keepdims=True)
    return -np.mean(log_probs[np.arange(len(contexts)), contexts])


def inputs():
    rs = npr.RandomState(153)
    return ((0.1 * rs.randn(5, 3), 0.1 * rs.randn(5, 3)),)
