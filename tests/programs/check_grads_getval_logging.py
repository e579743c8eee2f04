"""A user who checks gradients with autograd.test_util.check_grads before training and
logs from inside the objective with autograd.tracer.getval (the plain value of what may
be a traced array)."""

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd import grad
from autograd.test_util import check_grads
from autograd.tracer import getval

LOG = []


def softmax(z):
    z = z - np.max(z, axis=1, keepdims=True)
    e = np.exp(z)
    return e / np.sum(e, axis=1, keepdims=True)


def cross_entropy(W, X, labels):
    probs = softmax(np.dot(X, W))
    nll = -np.mean(np.log(probs[np.arange(len(labels)), labels]))
    LOG.append(float(getval(nll)))
    return nll + 0.01 * np.sum(W**2)


def loss(W, X, labels):
    return cross_entropy(W, X, labels)


def inputs():
    rs = npr.RandomState(8)
    X = rs.randn(15, 4)
    labels = rs.randint(0, 3, size=15)
    return 0.1 * rs.randn(4, 3), X, labels


def result():
    W, X, labels = inputs()
    check_grads(lambda w: cross_entropy(w, X, labels), modes=["rev"], order=1)(W)
    del LOG[:]
    dW = grad(cross_entropy)
    for _ in range(5):
        W = W - 0.5 * dW(W, X, labels)
    return W, np.array(LOG)
