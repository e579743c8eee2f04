"""Regression on a list of basis functions built with lambdas that capture the loop
variable through a default argument ([lambda x, k=k: ...]), stacked with np.stack of a
comprehension; differentiated in the basis weights and a shared length scale."""

import autograd.numpy as np
import autograd.numpy.random as npr

XS = np.linspace(-2, 2, 17)
YS = np.sin(1.3 * XS) + 0.3 * XS**2 + 0.05 * npr.RandomState(1507).randn(17)

BASIS = [lambda x, k=k: np.sin(k * x) for k in range(1, 4)] + [
    lambda x, p=p: x**p for p in range(3)
]


def features(x, scale):
    return np.stack([f(x / scale) for f in BASIS], axis=1)


def loss(params):
    w, log_scale = params[:-1], params[-1]
    pred = np.dot(features(XS, np.exp(log_scale)), w)
    return np.mean((pred - YS) ** 2) + 1e-3 * np.sum(w**2)


def inputs():
    return (np.array([0.1, 0.0, 0.2, 0.0, 0.1, 0.2, 0.1]),)
