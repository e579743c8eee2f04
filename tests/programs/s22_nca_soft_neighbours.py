"""Neighbourhood components analysis (Goldberger et al.): a linear projection A, pairwise
squared distances of the projected points by broadcasting, self-pairs excluded with a large
diagonal offset, softmax neighbour probabilities per row, and the expected number of
correctly classified points from a same-class mask."""

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd.scipy.special import logsumexp

rs = npr.RandomState(2213)
X = np.vstack([rs.randn(6, 3) + [1.5, 0, 0], rs.randn(6, 3) - [1.5, 0, 0]])
LABELS = np.array([0] * 6 + [1] * 6)
SAME = (LABELS[:, None] == LABELS[None, :]).astype(float)


def nca_objective(A, X, same):
    Z = np.dot(X, A.T)
    d2 = np.sum((Z[:, None, :] - Z[None, :, :]) ** 2, axis=-1)
    logits = -d2 - 1e10 * np.eye(len(X))
    log_p = logits - logsumexp(logits, axis=1, keepdims=True)
    p_correct = np.sum(np.exp(log_p) * same, axis=1)
    return np.sum(p_correct)


def loss(A):
    return -nca_objective(A, X, SAME) + 0.01 * np.sum(A**2)


def inputs():
    return (0.5 * npr.RandomState(4).randn(2, 3),)
