"""A loss configured by a table of (function, keyword arguments) pairs keyed by name, the
way experiment configs pick loss terms: TERMS[name] gives (fn, kwargs) and the loss
calls fn(pred, target, **kwargs), weighting each by a dict of weights."""

import autograd.numpy as np
import autograd.numpy.random as npr


def huber(pred, target, delta=1.0):
    r = np.abs(pred - target)
    return np.mean(np.where(r < delta, 0.5 * r**2, delta * (r - 0.5 * delta)))


def quantile(pred, target, q=0.5):
    r = target - pred
    return np.mean(np.maximum(q * r, (q - 1) * r))


def log_cosh(pred, target, scale=1.0):
    return np.mean(np.log(np.cosh(scale * (pred - target)))) / scale


TERMS = {
    "huber": (huber, {"delta": 0.5}),
    "q90": (quantile, {"q": 0.9}),
    "logcosh": (log_cosh, {"scale": 2.0}),
}
WEIGHTS = {"huber": 1.0, "q90": 0.5, "logcosh": 0.25}
rs = npr.RandomState(3036)
X = rs.randn(30, 2)
Y = X @ np.array([1.5, -0.5]) + 0.3 * rs.standard_t(3, size=30)


def loss(w):
    pred = X @ w[:2] + w[2]
    total = 0.0
    for name, weight in WEIGHTS.items():
        fn, kwargs = TERMS[name]
        total = total + weight * fn(pred, Y, **kwargs)
    return total


def inputs():
    return (np.array([0.2, 0.1, -0.3]),)
