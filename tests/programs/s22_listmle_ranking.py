"""Learning to rank with ListMLE and a RankNet pairwise term: a linear scorer over
per-document features, each query's documents permuted into the order of their relevance
labels (np.argsort of the labels, a constant), the Plackett-Luce likelihood by a reversed
cumulative logsumexp written with reversed slices and np.logaddexp in a loop, and pairwise logistic
losses over np.triu_indices."""

import autograd.numpy as np
import autograd.numpy.random as npr

rs = npr.RandomState(2215)
QUERIES = []
for n_docs in (4, 5, 3):
    feats = rs.randn(n_docs, 3)
    labels = rs.permutation(n_docs).astype(float)
    QUERIES.append((feats, labels))


def reverse_cumulative_logsumexp(s):
    out = [s[-1]]
    for value in s[::-1][1:]:
        out.append(np.logaddexp(value, out[-1]))
    return np.stack(out)[::-1]


def listmle(scores, labels):
    order = np.argsort(-labels)
    s = scores[order]
    return np.sum(reverse_cumulative_logsumexp(s) - s)


def ranknet(scores, labels):
    i, j = np.triu_indices(len(labels), k=1)
    sign = np.sign(labels[i] - labels[j])
    return np.sum(np.logaddexp(0.0, -sign * (scores[i] - scores[j])))


def loss(w, pairwise_weight=0.3):
    total = 0.0
    for feats, labels in QUERIES:
        scores = np.dot(feats, w)
        total = total + listmle(scores, labels) + pairwise_weight * ranknet(scores, labels)
    return total / len(QUERIES)


def inputs():
    return (np.array([0.2, -0.1, 0.4]),)
