"""An encoder-decoder where the parameter list is unpacked as first, *hidden, last =
layers, the hidden layers run in a loop and the loss adds an L2 penalty with sum() of a
generator over all weights."""

import autograd.numpy as np
import autograd.numpy.random as npr


def network(layers, X):
    first, *hidden, last = layers
    h = np.tanh(np.dot(X, first[0]) + first[1])
    for W, b in hidden:
        h = h + np.tanh(np.dot(h, W) + b)
    return np.dot(h, last[0]) + last[1]


def data():
    rs = npr.RandomState(1430)
    X = rs.randn(16, 3)
    return X, np.cos(X[:, :1]) * X[:, 2:]


X, Y = data()


def loss(layers, lam=1e-3):
    err = np.mean((network(layers, X) - Y) ** 2)
    return err + lam * sum(np.sum(W**2) for W, _ in layers)


def inputs():
    rs = npr.RandomState(14301)
    sizes = [(3, 5), (5, 5), (5, 5), (5, 1)]
    return ([(0.4 * rs.randn(m, n), 0.1 * rs.randn(n)) for m, n in sizes],)
