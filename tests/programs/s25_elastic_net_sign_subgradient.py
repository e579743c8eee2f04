"""Elastic-net regression fitted by proximal-free subgradient steps: the penalty uses
np.abs (whose derivative is np.sign away from zero) and an L2 term, the loss is written
with a keyword-only l1_ratio and **kwargs forwarded to the penalty helper, and result()
runs gradient steps with a step size that decays as 1/sqrt(t) using math.sqrt."""

import math

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd import grad

rs = npr.RandomState(2510)
X = rs.randn(25, 6)
TRUE_W = np.array([1.5, 0.0, -2.0, 0.0, 0.0, 0.7])
Y = X @ TRUE_W + 0.1 * rs.randn(25)


def penalty(w, alpha=1.0, l1_ratio=0.5):
    return alpha * (l1_ratio * np.sum(np.abs(w)) + 0.5 * (1 - l1_ratio) * np.dot(w, w))


def objective(w, X, y, *, l1_ratio=0.5, **kwargs):
    resid = y - X.dot(w)
    return 0.5 * resid.dot(resid) / X.shape[0] + penalty(w, l1_ratio=l1_ratio, **kwargs)


def loss(w):
    return objective(w, X, Y, l1_ratio=0.7, alpha=0.05)


def inputs():
    return (np.array([0.3, 0.2, -0.4, 0.1, -0.15, 0.25]),)


def result():
    g = grad(objective)
    w = inputs()[0]
    for t in range(1, 15):
        w = w - 0.3 / math.sqrt(t) * g(w, X, Y, l1_ratio=0.7, alpha=0.05)
    return w
