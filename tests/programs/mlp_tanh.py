"""MLP classifier: tanh hidden layers, softmax cross-entropy, params as (W, b) tuples."""

import autograd.numpy as np
import autograd.numpy.random as npr


def init_params(scale, sizes, rs):
    return [(scale * rs.randn(m, n), scale * rs.randn(n)) for m, n in zip(sizes[:-1], sizes[1:])]


def predict(params, inputs):
    for W, b in params[:-1]:
        inputs = np.tanh(np.dot(inputs, W) + b)
    W, b = params[-1]
    logits = np.dot(inputs, W) + b
    return logits - np.max(logits, axis=1, keepdims=True)


def log_softmax(z):
    return z - np.log(np.sum(np.exp(z), axis=1, keepdims=True))


def loss(params, inputs, targets):
    return -np.sum(log_softmax(predict(params, inputs)) * targets) / inputs.shape[0]


def inputs():
    rs = npr.RandomState(0)
    X = rs.randn(8, 4)
    labels = rs.randint(0, 3, size=8)
    targets = np.eye(3)[labels]
    return init_params(0.5, [4, 5, 3], rs), X, targets
