"""Basis-function regression with closures made in a comprehension (lambda x, k=k: ...
captures each frequency), the design matrix from map over the basis, a filter on the
basis by a constant predicate, and a conditional expression choosing the penalty."""

import autograd.numpy as np
import autograd.numpy.random as npr

BASIS = [lambda x, k=k: np.cos(k * x) for k in range(4)] + [
    lambda x, k=k: np.sin(k * x) for k in range(1, 4)
]


def design(x):
    return np.stack(list(map(lambda f: f(x), BASIS)), axis=1)


def loss(w, x, y, ridge=True):
    Phi = design(x)
    resid = np.dot(Phi, w) - y
    penalty = np.sum(w**2) if ridge else np.sum(np.abs(w))
    kept = list(filter(lambda i: i % 2 == 0, range(len(w))))
    return np.mean(resid**2) + 0.01 * penalty + 0.1 * np.sum(w[kept] ** 2)


def inputs():
    rs = npr.RandomState(101)
    x = np.linspace(-3, 3, 15)
    y = np.cos(2 * x) - 0.5 * np.sin(x) + 0.1 * rs.randn(15)
    return 0.1 * rs.randn(7), x, y
