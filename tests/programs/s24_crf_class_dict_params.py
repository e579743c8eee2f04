"""A linear-chain CRF for tagging, written as a class holding the tag count and start/stop
conventions, with parameters in a dict (emission weights, transitions, start and end
scores): the score of the gold path by fancy indexing and zip over neighbouring tags, the
log partition by the forward algorithm with scipy's logsumexp over a broadcast
alpha[:, None] + transitions, averaged over sentences of different lengths."""

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd.scipy.special import logsumexp

N_TAGS, N_FEAT = 3, 4
rs = npr.RandomState(2403)
SENTENCES = []
for length in (4, 6, 3):
    feats = rs.randn(length, N_FEAT)
    tags = rs.randint(0, N_TAGS, size=length)
    SENTENCES.append((feats, tags))


class LinearChainCRF:
    def __init__(self, n_tags):
        self.n_tags = n_tags

    def emissions(self, params, feats):
        return feats @ params["emit"]

    def path_score(self, params, feats, tags):
        em = self.emissions(params, feats)
        score = params["start"][tags[0]] + params["end"][tags[-1]]
        score = score + np.sum(em[np.arange(len(tags)), tags])
        for prev, cur in zip(tags[:-1], tags[1:]):
            score = score + params["trans"][prev, cur]
        return score

    def log_partition(self, params, feats):
        em = self.emissions(params, feats)
        alpha = params["start"] + em[0]
        for t in range(1, len(feats)):
            alpha = logsumexp(alpha[:, None] + params["trans"], axis=0) + em[t]
        return logsumexp(alpha + params["end"])

    def nll(self, params, data):
        total = 0.0
        for feats, tags in data:
            total = total + self.log_partition(params, feats) - self.path_score(params, feats, tags)
        return total / len(data)


CRF = LinearChainCRF(N_TAGS)


def loss(params):
    l2 = sum(np.sum(v**2) for v in params.values())
    return CRF.nll(params, SENTENCES) + 0.01 * l2


def inputs():
    init = npr.RandomState(5)
    return (
        {
            "emit": 0.3 * init.randn(N_FEAT, N_TAGS),
            "trans": 0.3 * init.randn(N_TAGS, N_TAGS),
            "start": 0.1 * init.randn(N_TAGS),
            "end": 0.1 * init.randn(N_TAGS),
        },
    )
