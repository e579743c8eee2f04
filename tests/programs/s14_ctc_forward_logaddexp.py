"""The CTC loss of a label sequence: the forward (alpha) recursion over the blank-extended
labels in log space with np.logaddexp, skip transitions between distinct labels, and
per-frame log-softmax outputs of a linear model."""

import autograd.numpy as np
import autograd.numpy.random as npr

BLANK = 0
NEG = -1e30


def log_softmax(z):
    m = np.max(z, axis=1, keepdims=True)
    return z - m - np.log(np.sum(np.exp(z - m), axis=1, keepdims=True))


def ctc_nll(logp, labels):
    ext = [BLANK]
    for c in labels:
        ext += [c, BLANK]
    S = len(ext)
    alpha = [logp[0, ext[0]], logp[0, ext[1]]] + [NEG] * (S - 2)
    for t in range(1, logp.shape[0]):
        new = []
        for s in range(S):
            a = alpha[s]
            if s > 0:
                a = np.logaddexp(a, alpha[s - 1])
            if s > 1 and ext[s] != BLANK and ext[s] != ext[s - 2]:
                a = np.logaddexp(a, alpha[s - 2])
            new.append(a + logp[t, ext[s]])
        alpha = new
    return -np.logaddexp(alpha[-1], alpha[-2])


def data():
    rs = npr.RandomState(1433)
    return rs.randn(7, 4), [1, 2, 2, 3]


FEATS, LABELS = data()


def loss(W):
    return ctc_nll(log_softmax(np.dot(FEATS, W)), LABELS)


def inputs():
    return (0.3 * npr.RandomState(14331).randn(4, 4),)
