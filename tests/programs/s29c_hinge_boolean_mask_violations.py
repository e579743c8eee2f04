"""A structured hinge loss for a linear multiclass SVM written with boolean masks: the
margins of the wrong classes are selected with margins[mask] where the mask says which
entries violate (a mask computed from the parameters' own values), the correct-class
scores with fancy indexing scores[np.arange(n), y], and an L2 term is added."""

import autograd.numpy as np
import autograd.numpy.random as npr

rs = npr.RandomState(29051)
X = rs.randn(16, 4)
Y = rs.randint(0, 3, size=16)
ROWS = np.arange(16)


def loss(W):
    scores = np.dot(X, W)
    correct = scores[ROWS, Y]
    margins = scores - correct[:, None] + 1.0
    wrong = np.ones_like(scores, dtype=bool)
    wrong[ROWS, Y] = False
    violating = (margins > 0) & wrong
    return np.sum(margins[violating]) / len(X) + 0.05 * np.sum(W * W)


def inputs():
    return (0.3 * npr.RandomState(51).randn(4, 3),)
