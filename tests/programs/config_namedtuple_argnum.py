"""Hyper-parameters in a module-level NamedTuple config, a loss differentiated in its
second argument (argnum=1) with the data first, grad of a functools.partial fixing the
config, and value_and_grad over both arguments."""

import functools
from typing import NamedTuple

import autograd.numpy as np
from autograd import grad, value_and_grad


class Config(NamedTuple):
    l1: float = 0.01
    l2: float = 0.1
    huber_delta: float = 1.0
    use_bias: bool = True


CFG = Config(l1=0.02)
rs = np.random.RandomState(2)
DATA = (rs.randn(15, 3), rs.randn(15))


def huber(r, delta):
    a = np.abs(r)
    return np.where(a <= delta, 0.5 * r**2, delta * (a - 0.5 * delta))


def objective(data, w, cfg=CFG):
    X, t = data
    pred = np.dot(X, w[:-1]) + (w[-1] if cfg.use_bias else 0.0)
    fit = np.mean(huber(pred - t, cfg.huber_delta))
    return fit + cfg.l1 * np.sum(np.sqrt(w**2 + 1e-8)) + cfg.l2 * np.sum(w**2)


def loss(data, w):
    return objective(data, w)


ARGNUM = 1


def inputs():
    return DATA, np.array([0.5, -0.5, 0.2, 0.1])


def result():
    data, w = inputs()
    fixed = functools.partial(objective, cfg=Config(l2=0.5, use_bias=False))
    g1 = grad(fixed, 1)(data, w)
    value, g2 = value_and_grad(objective, 1)(data, w, CFG)
    return g1, value, g2
