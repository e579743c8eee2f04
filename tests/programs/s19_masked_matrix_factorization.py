"""Matrix factorisation with observed entries given by a boolean mask, user and item
biases, and a global mean; parameters in a tuple unpacked by a helper, updated by a few
steps of SGD with grad in result()."""

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd import grad


def predict(f, mu):
    U, V, bu, bv = f
    return mu + np.dot(U, V.T) + bu[:, None] + bv[None, :]


def loss(f, R, mask, lam=0.05):
    mu = np.sum(R * mask) / np.sum(mask)
    err = (R - predict(f, mu)) * mask
    reg = lam * sum(np.sum(m**2) for m in f[:2])
    return np.sum(err**2) / np.sum(mask) + reg


def inputs():
    rs = npr.RandomState(1909)
    R = np.dot(rs.randn(6, 2), rs.randn(2, 5)) + 3.0
    mask = rs.rand(6, 5) < 0.6
    f = (0.1 * rs.randn(6, 2), 0.1 * rs.randn(5, 2), np.zeros(6), np.zeros(5))
    return f, R, mask


def result():
    f, R, mask = inputs()
    g = grad(loss)
    for _ in range(3):
        d = g(f, R, mask)
        f = tuple(a - 0.2 * b for a, b in zip(f, d))
    return list(f)
