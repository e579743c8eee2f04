"""NeuralSort: the continuous relaxation of the sorting permutation
P = softmax(((n + 1 - 2i) s - A 1) / tau) with A the pairwise |s_i - s_j| matrix; the
loss compares the relaxed sorted scores with the targets' sorted values."""

import autograd.numpy as np
import autograd.numpy.random as npr


def softmax(z, axis=-1):
    e = np.exp(z - np.max(z, axis=axis, keepdims=True))
    return e / np.sum(e, axis=axis, keepdims=True)


def neural_sort(s, tau=0.5):
    n = s.shape[0]
    A = np.abs(s[:, None] - s[None, :])
    B = np.dot(A, np.ones(n))
    scaling = n + 1 - 2 * (np.arange(n) + 1)
    C = scaling[:, None] * s[None, :]
    return softmax((C - B[None, :]) / tau, axis=-1)


X = npr.RandomState(1509).randn(6, 3)
TARGET = np.sort(npr.RandomState(15091).randn(6))[::-1]


def loss(w):
    scores = np.dot(X, w)
    P = neural_sort(scores)
    return np.sum((np.dot(P, scores) - TARGET) ** 2)


def inputs():
    return (np.array([0.5, -0.3, 0.8]),)
