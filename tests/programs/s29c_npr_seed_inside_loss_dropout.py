"""An MLP with dropout whose masks come from the global NumPy random generator, seeded at
the top of the loss with npr.seed(0) so that every evaluation draws the same masks (a
common way to make a stochastic loss deterministic for a gradient check). The masks
are drawn with npr.rand in a loop over the hidden layers."""

import autograd.numpy as np
import autograd.numpy.random as npr

rs = npr.RandomState(29035)
X = rs.randn(12, 4)
Y = (X[:, 0] > X[:, 1]).astype(float)
KEEP = 0.8


def loss(params):
    npr.seed(0)
    h = X
    for W, b in params[:-1]:
        h = np.tanh(np.dot(h, W) + b)
        mask = npr.rand(*h.shape) < KEEP
        h = h * mask / KEEP
    W, b = params[-1]
    logits = (np.dot(h, W) + b).ravel()
    return np.mean(np.logaddexp(0.0, logits) - Y * logits)


def inputs():
    r = npr.RandomState(35)
    return (
        [
            (0.5 * r.randn(4, 6), np.zeros(6)),
            (0.5 * r.randn(6, 5), np.zeros(5)),
            (0.5 * r.randn(5, 1), np.zeros(1)),
        ],
    )
