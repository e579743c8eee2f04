"""Parameters in a dict: sorted items with a key function, d.get with a default, dict(...)."""

import operator

import autograd.numpy as np
from autograd import grad


def penalties(params, scale):
    weights = dict([("w", 1.0)], bias=0.5)
    total = 0.0
    for i, (name, value) in enumerate(sorted(params.items(), key=operator.itemgetter(0))):
        total = total + (i + 1.0) * weights.get(name, scale) * np.sum(value**2)
    for name in sorted(params):
        total = total + np.sum(np.cos(params[name]))
    for value in params.values():
        total = total + np.sum(np.sin(value)) * scale
    return total


def loss(params, scale):
    extra = params.get("extra", scale * 2.0)
    return penalties(params, scale) + np.sum(extra**2)


ARGNUM = (0, 1)


def inputs():
    rs = np.random.RandomState(8)
    return {"w": rs.randn(3), "bias": rs.randn(2), "gain": rs.randn(2, 2)}, 0.7


def result():
    p, s = inputs()
    with_extra = dict(p, extra=np.ones(2) * 0.3)
    return grad(loss, (0, 1))(with_extra, s), grad(loss, 1)(p, s)
