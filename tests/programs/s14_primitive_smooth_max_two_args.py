"""A user primitive of two differentiable arguments (a numerically stable smooth maximum)
with a VJP for each argument registered in one defvjp call and a JVP with defjvp; the
loss is a soft hinge built from it."""

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd.extend import defjvp, defvjp, primitive


@primitive
def smooth_max(a, b):
    m = np.maximum(a, b)
    return m + np.log(np.exp(a - m) + np.exp(b - m))


def _weights(ans, a, b):
    return np.exp(a - ans), np.exp(b - ans)


defvjp(
    smooth_max,
    lambda ans, a, b: lambda g: g * _weights(ans, a, b)[0],
    lambda ans, a, b: lambda g: g * _weights(ans, a, b)[1],
)
defjvp(
    smooth_max,
    lambda g, ans, a, b: g * _weights(ans, a, b)[0],
    lambda g, ans, a, b: g * _weights(ans, a, b)[1],
)


def data():
    rs = npr.RandomState(1407)
    X = rs.randn(25, 3)
    y = np.where(X[:, 0] + X[:, 1] > 0, 1.0, -1.0)
    return X, y


X, Y = data()


def loss(w):
    margins = Y * np.dot(X, w)
    return np.mean(smooth_max(np.zeros_like(margins), 1.0 - margins)) + 0.01 * np.sum(w**2)


def inputs():
    return (np.array([0.3, -0.2, 0.1]),)
