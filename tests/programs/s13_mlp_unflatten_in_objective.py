"""An MLP whose parameters are a list of (W, b) tuples flattened once with
autograd.misc.flatten; the objective takes the flat vector and unflattens it each call,
like code written for scipy.optimize; the forward pass is a `for W, b in params[:-1]:`
loop with ReLU via np.maximum and a softplus output."""

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd import grad
from autograd.misc import flatten

RS = npr.RandomState(161)
SIZES = [2, 5, 4, 1]
PARAMS = [(0.4 * RS.randn(m, n), 0.1 * RS.randn(n)) for m, n in zip(SIZES[:-1], SIZES[1:])]
FLAT, UNFLATTEN = flatten(PARAMS)
X = RS.randn(12, 2)
Y = np.abs(X[:, :1]) + 0.1


def forward(params, x):
    for W, b in params[:-1]:
        x = np.maximum(0.0, np.dot(x, W) + b)
    W, b = params[-1]
    return np.logaddexp(0.0, np.dot(x, W) + b)


def loss(flat):
    params = UNFLATTEN(flat)
    return np.mean((forward(params, X) - Y) ** 2)


def inputs():
    return (FLAT.copy(),)


def result():
    x = FLAT.copy()
    for i in range(5):
        x -= 0.1 * grad(loss)(x)
    return UNFLATTEN(x)
