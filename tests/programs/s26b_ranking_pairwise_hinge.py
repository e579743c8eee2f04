"""Learning to rank with a linear scorer: per-query documents are grouped in a dict of
lists, pairs (i, j) with rel_i > rel_j are built per query, and the objective is the
mean pairwise hinge max(0, 1 - (s_i - s_j)) weighted by |2^rel_i - 2^rel_j| (LambdaRank
style), plus a softmax ListNet term per query and an L2 penalty. The gradient is taken
in the weight vector; result() also reports NDCG@3 with a hand-written DCG helper."""

from collections import defaultdict

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd import grad

rs = npr.RandomState(2660)
N_DOCS, N_FEATURES = 24, 5
QIDS = np.repeat(np.arange(4), 6)
FEATURES = rs.randn(N_DOCS, N_FEATURES)
RELEVANCE = np.clip(np.round(FEATURES @ np.array([1.0, 0.5, -0.5, 0.0, 0.2]) + 1.5), 0, 3).astype(
    int
)

QUERIES = defaultdict(list)
for doc, qid in enumerate(QIDS):
    QUERIES[int(qid)].append(doc)


def make_pairs(queries, relevance):
    pairs, weights = [], []
    for qid, docs in sorted(queries.items()):
        for i in docs:
            for j in docs:
                if relevance[i] > relevance[j]:
                    pairs.append((i, j))
                    weights.append(abs(2.0 ** relevance[i] - 2.0 ** relevance[j]))
    return np.array(pairs), np.array(weights)


PAIRS, PAIR_WEIGHTS = make_pairs(QUERIES, RELEVANCE)


def pairwise_hinge(scores):
    diff = scores[PAIRS[:, 0]] - scores[PAIRS[:, 1]]
    return np.sum(PAIR_WEIGHTS * np.maximum(0.0, 1.0 - diff)) / np.sum(PAIR_WEIGHTS)


def listnet(scores):
    total = 0.0
    for qid, docs in QUERIES.items():
        s, r = scores[docs], RELEVANCE[docs].astype(float)
        p_true = np.exp(r) / np.sum(np.exp(r))
        log_p = s - np.log(np.sum(np.exp(s)))
        total = total - np.sum(p_true * log_p)
    return total / len(QUERIES)


def dcg_at_k(rels, k):
    rels = np.asarray(rels, dtype=float)[:k]
    return np.sum((2**rels - 1) / np.log2(np.arange(2, len(rels) + 2)))


def ndcg(w, k=3):
    scores = FEATURES @ w
    values = []
    for qid, docs in QUERIES.items():
        order = np.argsort(-scores[docs])
        ideal = dcg_at_k(sorted(RELEVANCE[docs], reverse=True), k)
        values.append(dcg_at_k(RELEVANCE[docs][order], k) / ideal if ideal > 0 else 0.0)
    return np.mean(values)


def loss(w, l2=0.01):
    scores = FEATURES @ w
    return pairwise_hinge(scores) + 0.5 * listnet(scores) + l2 * np.dot(w, w)


def inputs():
    return (0.1 * np.arange(1.0, N_FEATURES + 1),)


def result():
    w = inputs()[0]
    g = grad(loss)
    for _ in range(10):
        w = w - 0.2 * g(w)
    return w, ndcg(w)
