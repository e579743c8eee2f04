"""Lasso by unrolled ISTA: gradient steps on the least-squares term followed by the soft
threshold sign(z) * max(|z| - t, 0); the loss is the validation error of the result,
differentiated in the (log) regularisation weight and the training targets."""

import autograd.numpy as np
import autograd.numpy.random as npr


def soft_threshold(z, t):
    return np.sign(z) * np.maximum(np.abs(z) - t, 0.0)


def ista(A, b, lam, iters=30):
    step = 1.0 / np.linalg.norm(A, 2) ** 2
    w = np.zeros(A.shape[1])
    for _ in range(iters):
        w = soft_threshold(w - step * np.dot(A.T, np.dot(A, w) - b), step * lam)
    return w


def data():
    rs = npr.RandomState(1432)
    A = rs.randn(25, 6)
    w_true = np.array([1.5, 0.0, 0.0, -2.0, 0.0, 0.5])
    return A, np.dot(A, w_true) + 0.3 * rs.randn(25), rs.randn(10, 6), w_true


A, B, A_VAL, W_TRUE = data()


def loss(log_lam, b=B):
    w = ista(A, b, np.exp(log_lam))
    return np.mean((np.dot(A_VAL, w) - np.dot(A_VAL, W_TRUE)) ** 2)


def inputs():
    return (np.array(0.5),)
