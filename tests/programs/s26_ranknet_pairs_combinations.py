"""RankNet on query groups: documents of each query are scored by a one-hidden-layer
network, every ordered pair from itertools.combinations with a different relevance
label contributes a logistic loss on the score difference (np.logaddexp(0, -s)), and
the pairs are weighted by the |delta| of their labels. Queries are kept in a dict."""

import itertools

import autograd.numpy as np
import autograd.numpy.random as npr

rs = npr.RandomState(2620)
QUERIES = {}
for q in range(3):
    feats = rs.randn(5, 4)
    rel = np.clip(np.round(feats @ np.array([1.0, 0.5, 0.0, -0.5]) + 1.0), 0, 3).astype(int)
    QUERIES[f"q{q}"] = (feats, rel)


def score(params, X):
    W1, b1, w2 = params
    return np.tanh(X @ W1 + b1) @ w2


def loss(params):
    total, n_pairs = 0.0, 0
    for name, (X, rel) in sorted(QUERIES.items()):
        s = score(params, X)
        for i, j in itertools.combinations(range(len(rel)), 2):
            if rel[i] == rel[j]:
                continue
            sign = 1.0 if rel[i] > rel[j] else -1.0
            total = total + abs(rel[i] - rel[j]) * np.logaddexp(0.0, -sign * (s[i] - s[j]))
            n_pairs += 1
    return total / max(n_pairs, 1)


def inputs():
    r = npr.RandomState(20)
    return ((0.5 * r.randn(4, 6), np.zeros(6), 0.5 * r.randn(6)),)
