"""A flat parameter vector unpacked by a generator that keeps a running offset and
yields reshaped (W, b) slices, consumed with enumerate; the last layer is a softmax
classifier with cross-entropy."""

import autograd.numpy as np
import autograd.numpy.random as npr

SHAPES = [(4, 6), (6, 3)]


def unpack(flat):
    offset = 0
    for m, n in SHAPES:
        W = flat[offset : offset + m * n].reshape((m, n))
        offset += m * n
        b = flat[offset : offset + n]
        offset += n
        yield W, b


def n_params():
    return sum(m * n + n for m, n in SHAPES)


def log_softmax(z):
    m = np.max(z, axis=1, keepdims=True)
    return z - m - np.log(np.sum(np.exp(z - m), axis=1, keepdims=True))


def data():
    rs = npr.RandomState(1425)
    X = rs.randn(20, 4)
    labels = np.argmax(np.dot(X, rs.randn(4, 3)), axis=1)
    return X, np.eye(3)[labels]


X, T = data()


def loss(flat):
    h = X
    for i, (W, b) in enumerate(unpack(flat)):
        h = np.dot(h, W) + b
        if i < len(SHAPES) - 1:
            h = np.tanh(h)
    return -np.mean(np.sum(T * log_softmax(h), axis=1))


def inputs():
    return (0.3 * npr.RandomState(14251).randn(n_params()),)
