"""Layer helpers with optional arguments defaulting to None (bias=None, activation=None,
mask=None) tested with `is not None`, called with keywords from the loss; a gating layer
receives a mask, the readout no bias."""

import autograd.numpy as np
import autograd.numpy.random as npr


def linear(x, W, bias=None, activation=None, mask=None):
    y = np.dot(x, W)
    if bias is not None:
        y = y + bias
    if activation is not None:
        y = activation(y)
    if mask is not None:
        y = y * mask
    return y


rs = npr.RandomState(3027)
X = rs.randn(18, 4)
Y = X[:, :2] ** 2 - X[:, 2:]
MASK = (np.arange(6) % 3 != 0).astype(float)


def loss(W1, b1, W2):
    h = linear(X, W1, bias=b1, activation=np.tanh, mask=MASK)
    out = linear(h, W2)
    return np.mean((out - Y) ** 2)


ARGNUM = (0, 1, 2)


def inputs():
    r = npr.RandomState(27)
    return 0.5 * r.randn(4, 6), 0.1 * r.randn(6), 0.5 * r.randn(6, 2)
