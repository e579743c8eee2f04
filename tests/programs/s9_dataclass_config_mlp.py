"""Hyper-parameters in a dataclass passed as a non-differentiated argument; weights a
list; the config selects the activation by name with getattr on np."""

from dataclasses import dataclass

import autograd.numpy as np
import autograd.numpy.random as npr


@dataclass
class Config:
    activation: str = "tanh"
    l2: float = 1e-2
    temperature: float = 2.0


def loss(weights, X, y, cfg):
    act = getattr(np, cfg.activation)
    h = X
    for W in weights[:-1]:
        h = act(np.dot(h, W))
    logits = np.dot(h, weights[-1]) / cfg.temperature
    logp = logits - np.log(np.sum(np.exp(logits), axis=1, keepdims=True))
    reg = cfg.l2 * sum(np.sum(W**2) for W in weights)
    return -np.mean(np.sum(y * logp, axis=1)) + reg


def inputs():
    rs = npr.RandomState(21)
    weights = [0.5 * rs.randn(3, 5), 0.5 * rs.randn(5, 5), 0.5 * rs.randn(5, 2)]
    return weights, rs.randn(6, 3), np.eye(2)[rs.randint(0, 2, 6)], Config()
