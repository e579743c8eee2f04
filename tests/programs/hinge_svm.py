"""Linear SVM: hinge loss plus L2 regularisation."""

import autograd.numpy as np
import autograd.numpy.random as npr


def loss(w, X, y, C=1.0):
    margins = 1.0 - y * np.dot(X, w)
    return 0.5 * np.dot(w, w) + C * np.sum(np.maximum(0.0, margins))


def inputs():
    rs = npr.RandomState(21)
    return rs.randn(3), rs.randn(10, 3), np.sign(rs.randn(10))
