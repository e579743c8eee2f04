"""A meta-objective that runs a few gradient steps with a backtracking line search whose
loop returns early from the helper once the Armijo condition holds; the
initial step size is the differentiated quantity (its log)."""

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd import grad

rs = npr.RandomState(3006)
A = rs.randn(8, 3)
B = rs.randn(8)


def objective(w):
    return 0.5 * np.sum((np.dot(A, w) - B) ** 2) + 0.1 * np.sum(w**2)


def backtrack(w, g, t0, shrink=0.5, c=1e-4, max_tries=20):
    f0 = objective(w)
    gg = np.sum(g * g)
    t = t0
    for _ in range(max_tries):
        if objective(w - t * g) <= f0 - c * t * gg:
            return t
        t = t * shrink
    return t


def loss(log_t0):
    t0 = np.exp(log_t0)
    w = np.zeros(3)
    for _ in range(3):
        g = grad(objective)(w)
        w = w - backtrack(w, g, t0) * g
    return objective(w)


def inputs():
    return (np.array(-2.5),)
