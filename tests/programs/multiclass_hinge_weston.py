"""Multiclass SVM (Weston-Watkins) from cs231n-style code: correct-class scores picked by
scores[np.arange(N), y], margins np.maximum(0, s - s_y + 1) with the correct class
masked out, and a quantile (pinball) loss on an auxiliary regression head by np.where."""

import autograd.numpy as np
import autograd.numpy.random as npr


def svm_loss(W, X, y, reg=0.05):
    scores = np.dot(X, W)
    N = X.shape[0]
    correct = scores[np.arange(N), y]
    margins = np.maximum(0, scores - correct[:, None] + 1.0)
    margins = margins * (1 - np.eye(W.shape[1])[y])
    return np.sum(margins) / N + reg * np.sum(W * W)


def pinball(pred, target, tau=0.8):
    diff = target - pred
    return np.mean(np.where(diff >= 0, tau * diff, (tau - 1) * diff))


def loss(params, X, y, t):
    W, v = params
    return svm_loss(W, X, y) + pinball(np.dot(X, v), t)


def inputs():
    rs = npr.RandomState(76)
    X = rs.randn(12, 4)
    y = rs.randint(0, 3, size=12)
    return (0.1 * rs.randn(4, 3), 0.1 * rs.randn(4)), X, y, rs.randn(12)
