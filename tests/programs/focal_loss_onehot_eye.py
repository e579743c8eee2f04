"""Multi-class focal loss (RetinaNet) for a linear classifier from scratch: one-hot labels
by np.eye(K)[y], a numerically stable softmax with keepdims, and class weights alpha."""

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd import grad


def softmax(z):
    z = z - np.max(z, axis=1, keepdims=True)
    e = np.exp(z)
    return e / np.sum(e, axis=1, keepdims=True)


def focal_loss(logits, y, gamma=2.0, alpha=None):
    K = logits.shape[1]
    onehot = np.eye(K)[y]
    p = softmax(logits)
    pt = np.sum(p * onehot, axis=1)
    weight = (1 - pt) ** gamma
    if alpha is not None:
        weight = weight * alpha[y]
    return -np.mean(weight * np.log(pt + 1e-12))


def loss(W, X, y, alpha):
    logits = np.dot(X, W[:-1]) + W[-1]
    return focal_loss(logits, y, gamma=2.0, alpha=alpha) + 1e-3 * np.sum(W[:-1] ** 2)


def inputs():
    rs = npr.RandomState(8)
    X = rs.randn(12, 3)
    y = rs.randint(0, 4, size=12)
    return 0.2 * rs.randn(4, 4), X, y, np.array([0.25, 0.5, 0.75, 1.0])


def result():
    W, X, y, alpha = inputs()
    g = grad(loss)
    for _ in range(5):
        W = W - 0.5 * g(W, X, y, alpha)
    return W
