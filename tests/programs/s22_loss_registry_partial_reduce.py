"""A multi-task objective configured by data: a registry dict maps loss names to
functions, functools.partial fixes each loss's hyper-parameters from a config list of
(name, weight, kwargs) triples, and functools.reduce folds the weighted terms; the model
is a shared linear map with two heads."""

import functools
import operator

import autograd.numpy as np
import autograd.numpy.random as npr

rs = npr.RandomState(2219)
X = rs.randn(15, 3)
Y_REG = np.dot(X, np.array([0.5, -1.0, 2.0])) + 0.1 * rs.randn(15)
Y_CLS = (X[:, 0] + X[:, 2] > 0).astype(float)


def huber(pred, target, delta=1.0):
    r = np.abs(pred - target)
    return np.mean(np.where(r < delta, 0.5 * r**2, delta * (r - 0.5 * delta)))


def log_cosh(pred, target, scale=1.0):
    return np.mean(np.log(np.cosh((pred - target) / scale))) * scale**2


def bce_logits(logits, target, pos_weight=1.0):
    return np.mean(
        pos_weight * target * np.logaddexp(0.0, -logits) + (1 - target) * np.logaddexp(0.0, logits)
    )


REGISTRY = {"huber": huber, "log_cosh": log_cosh, "bce": bce_logits}
CONFIG = [
    ("huber", 1.0, {"delta": 0.5}, "reg"),
    ("log_cosh", 0.5, {"scale": 2.0}, "reg"),
    ("bce", 2.0, {"pos_weight": 1.5}, "cls"),
]


def heads(params):
    shared = np.tanh(np.dot(X, params["W"]))
    return {"reg": np.dot(shared, params["v_reg"]), "cls": np.dot(shared, params["v_cls"])}


def loss(params):
    outputs = heads(params)
    targets = {"reg": Y_REG, "cls": Y_CLS}
    terms = []
    for name, weight, kwargs, head in CONFIG:
        fn = functools.partial(REGISTRY[name], **kwargs)
        terms.append(weight * fn(outputs[head], targets[head]))
    return functools.reduce(operator.add, terms)


def inputs():
    init = npr.RandomState(10)
    return ({"W": 0.5 * init.randn(3, 4), "v_reg": init.randn(4), "v_cls": init.randn(4)},)
