"""An MLP classifier with inverted dropout: the mask comes from a RandomState passed to
the loss (rs.binomial(1, keep, size=h.shape) / keep), dropout is skipped when
``train=False``; the softmax cross-entropy is written with a max-shift for stability and
one-hot labels from np.eye. result() trains with a fresh RandomState per epoch and
reports test accuracy without dropout."""

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd import grad

N_CLASSES = 3
KEEP = 0.8


def glorot(rs, shape):
    fan_in, fan_out = shape
    limit = np.sqrt(6.0 / (fan_in + fan_out))
    return rs.uniform(-limit, limit, size=shape)


def init_params(rs, sizes):
    return [{"W": glorot(rs, (m, n)), "b": np.zeros(n)} for m, n in zip(sizes[:-1], sizes[1:])]


def dropout(h, rs, keep=KEEP, train=True):
    if not train or keep >= 1.0:
        return h
    mask = rs.binomial(1, keep, size=h.shape) / keep
    return h * mask


def forward(params, X, rs=None, train=True):
    h = X
    for layer in params[:-1]:
        h = np.tanh(np.dot(h, layer["W"]) + layer["b"])
        h = dropout(h, rs, train=train)
    return np.dot(h, params[-1]["W"]) + params[-1]["b"]


def log_softmax(logits):
    shifted = logits - np.max(logits, axis=1, keepdims=True)
    return shifted - np.log(np.sum(np.exp(shifted), axis=1, keepdims=True))


def cross_entropy(params, X, labels, rs=None, train=True):
    onehot = np.eye(N_CLASSES)[labels]
    logp = log_softmax(forward(params, X, rs, train))
    return -np.sum(onehot * logp) / X.shape[0]


def accuracy(params, X, labels):
    return np.mean(np.argmax(forward(params, X, train=False), axis=1) == labels)


data_rs = npr.RandomState(2644)
X = data_rs.randn(30, 4)
LABELS = np.argmax(X[:, :3] + 0.3 * data_rs.randn(30, 3), axis=1)
STATEFUL = True


def loss(params, rs):
    return cross_entropy(params, X, LABELS, rs) + 1e-3 * sum(np.sum(p["W"] ** 2) for p in params)


def inputs():
    return (init_params(npr.RandomState(1), [4, 10, 8, N_CLASSES]), npr.RandomState(99))


def result():
    params, _ = inputs()
    g = grad(loss)
    for epoch in range(6):
        grads = g(params, npr.RandomState(epoch))
        params = [{k: p[k] - 0.3 * gp[k] for k in p} for p, gp in zip(params, grads)]
    return params, accuracy(params, X, LABELS), cross_entropy(params, X, LABELS, train=False)
