"""Matrix factorisation of a partially observed ratings matrix with user and item biases
and a global mean, the error summed over the observed mask only, parameters in a dict,
trained with autograd.misc.optimizers.rmsprop (through flatten) with a callback."""

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd import grad
from autograd.misc import flatten
from autograd.misc.optimizers import rmsprop


def data():
    rs = npr.RandomState(1437)
    R = np.dot(rs.randn(6, 2), rs.randn(2, 5)) + 3.0
    mask = rs.rand(6, 5) < 0.6
    return np.where(mask, R, 0.0), mask.astype(float)


R, MASK = data()
MU = np.sum(R) / np.sum(MASK)


def predict(p):
    return MU + p["user_bias"][:, None] + p["item_bias"][None, :] + np.dot(p["U"], p["V"].T)


def loss(p, lam=0.05):
    err = MASK * (R - predict(p))
    reg = sum(np.sum(p[k] ** 2) for k in ("U", "V"))
    return 0.5 * np.sum(err**2) + lam * reg


def init():
    rs = npr.RandomState(14371)
    return {
        "U": 0.1 * rs.randn(6, 2),
        "V": 0.1 * rs.randn(5, 2),
        "user_bias": np.zeros(6),
        "item_bias": np.zeros(5),
    }


def inputs():
    return (init(),)


def result():
    flat, unflatten = flatten(init())
    seen = []
    objective = lambda x, i: loss(unflatten(x))  # noqa: E731
    callback = lambda x, i, g: seen.append(np.linalg.norm(g))  # noqa: E731
    x = rmsprop(grad(objective), flat, step_size=0.05, num_iters=8, callback=callback)
    return x, np.array(seen)
