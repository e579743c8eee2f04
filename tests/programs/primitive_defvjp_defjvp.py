"""A custom primitive with both derivative directions: a numerically careful softplus
written with numpy.log1p on the raw arrays, wrapped with autograd.extend.primitive and
given defvjp and defjvp; used inside a Poisson regression with a softplus link."""

import autograd.numpy as np
import autograd.numpy.random as npr
import numpy as onp
from autograd.extend import defjvp, defvjp, primitive


@primitive
def softplus(x):
    return onp.where(x > 20, x, onp.log1p(onp.exp(onp.minimum(x, 20))))


def _sigmoid(x):
    return 0.5 * (onp.tanh(0.5 * x) + 1.0)


defvjp(softplus, lambda ans, x: lambda g: g * _sigmoid(x))
defjvp(softplus, lambda g, ans, x: g * _sigmoid(x))


def loss(w, X, counts):
    rate = softplus(np.dot(X, w)) + 1e-6
    return -np.sum(counts * np.log(rate) - rate) + 0.05 * np.sum(w**2)


def inputs():
    rs = npr.RandomState(110)
    X = rs.randn(15, 3)
    counts = rs.poisson(np.log1p(np.exp(np.dot(X, np.array([0.5, -0.3, 0.8])))))
    return 0.1 * rs.randn(3), X, counts.astype(float)
