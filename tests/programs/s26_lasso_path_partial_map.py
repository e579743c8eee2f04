"""A regularisation path for a smoothed lasso: functools.partial fixes the penalty in a
shared objective, map() builds one gradient function per penalty, each is minimised by
gradient descent with a warm start from the previous solution, and the pseudo-Huber
|w| ~ sqrt(w^2 + eps) keeps it smooth. loss is the objective at one penalty."""

import functools

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd import grad

rs = npr.RandomState(2626)
X = rs.randn(40, 6)
W_TRUE = np.array([2.0, 0.0, -1.5, 0.0, 0.0, 0.7])
Y = X @ W_TRUE + 0.1 * rs.randn(40)
PENALTIES = [1.0, 0.3, 0.1]


def objective(w, penalty, eps=1e-4):
    resid = Y - X @ w
    return 0.5 * np.mean(resid**2) + penalty * np.sum(np.sqrt(w**2 + eps))


loss = functools.partial(objective, penalty=0.3)


def inputs():
    return (0.1 * np.ones(6),)


def result():
    grads = list(map(lambda lam: grad(functools.partial(objective, penalty=lam)), PENALTIES))
    w = np.zeros(6)
    path = []
    for g in grads:
        for _ in range(25):
            w = w - 0.2 * g(w)
        path.append(w.copy())
    return np.array(path)
