"""Softmax regression with the log probabilities picked by integer-array indexing."""

import autograd.numpy as np
import autograd.numpy.random as npr


def loss(W, X, labels):
    scores = np.dot(X, W)
    scores = scores - np.max(scores, axis=1, keepdims=True)
    log_probs = scores - np.log(np.sum(np.exp(scores), axis=1, keepdims=True))
    return -np.mean(log_probs[np.arange(X.shape[0]), labels])


def inputs():
    rs = npr.RandomState(32)
    return rs.randn(4, 3), rs.randn(10, 4), rs.randint(0, 3, size=10)
