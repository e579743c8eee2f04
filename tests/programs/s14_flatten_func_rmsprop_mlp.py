"""A small MLP with a list-of-dicts parameter tree, turned into a flat-vector objective
with autograd.misc.flatten_func and trained with rmsprop."""

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd import grad
from autograd.misc import flatten
from autograd.misc.flatten import flatten_func
from autograd.misc.optimizers import rmsprop


def init(sizes, rs):
    return [{"W": 0.3 * rs.randn(m, n), "b": np.zeros(n)} for m, n in zip(sizes[:-1], sizes[1:])]


def predict(params, X):
    h = X
    for layer in params[:-1]:
        h = np.tanh(np.dot(h, layer["W"]) + layer["b"])
    return np.dot(h, params[-1]["W"]) + params[-1]["b"]


def data():
    rs = npr.RandomState(1406)
    X = rs.randn(16, 2)
    y = (X[:, :1] * X[:, 1:]) + 0.05 * rs.randn(16, 1)
    return X, y


X, Y = data()
PARAMS = init([2, 5, 1], npr.RandomState(14061))


def objective(params, it):
    return np.mean((predict(params, X) - Y) ** 2)


FLAT_OBJ, UNFLATTEN, FLAT0 = flatten_func(objective, PARAMS)


def loss(flat):
    return FLAT_OBJ(flat, 0)[0]  # flatten_func's objective returns shape (1,)


def inputs():
    return (FLAT0.copy(),)


def result():
    flat = rmsprop(grad(FLAT_OBJ), FLAT0.copy(), step_size=0.01, num_iters=6)
    return flatten(UNFLATTEN(flat))[0]
