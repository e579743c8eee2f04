"""Softmax regression with the defensive checks people leave in: assert on shapes and
types, isinstance of the regularization strength, len/max/min/abs builtins on Python
numbers, and a print of shapes inside the loss."""

import autograd.numpy as np
from autograd import grad

VERBOSE = True
rs = np.random.RandomState(9)
X = rs.randn(10, 4)
y = rs.randint(0, 3, size=10)


def softmax_loss(W, X, y, reg=0.1):
    assert X.ndim == 2, "X must be 2-D"
    assert isinstance(reg, (int, float)), type(reg)
    n = len(y)
    num_classes = W.shape[1]
    if VERBOSE:
        print("X {} W {} classes {}".format(X.shape, W.shape, num_classes))  # noqa: UP032
    scores = np.dot(X, W)
    scores = scores - np.max(scores, axis=1, keepdims=True)
    log_probs = scores - np.log(np.sum(np.exp(scores), axis=1, keepdims=True))
    data_loss = -np.sum(log_probs[np.arange(n), y]) / max(n, 1)
    reg = abs(reg) if reg < 0 else reg
    return data_loss + 0.5 * min(reg, 1.0) * np.sum(W * W)


def loss(W):
    return softmax_loss(W, X, y, reg=0.05)


def inputs():
    return (np.random.RandomState(1).randn(4, 3) * 0.01,)


def result():
    W = inputs()[0]
    for i in range(5):
        W = W - 1.0 * grad(softmax_loss)(W, X, y, 0.05)
    return W
