"""RNN whose step function records each hidden state in a history list it is given."""

import autograd.numpy as np
import autograd.numpy.random as npr


def step(params, h, x, history):
    h = np.tanh(np.dot(x, params["Wx"]) + np.dot(h, params["Wh"]))
    history.append(h)
    return h


def loss(params, xs, target):
    history = []
    h = np.zeros(3)
    for x in xs:
        h = step(params, h, x, history)
    return np.sum((np.stack(history) - target) ** 2)


def inputs():
    rs = npr.RandomState(39)
    return {"Wx": 0.5 * rs.randn(2, 3), "Wh": 0.5 * rs.randn(3, 3)}, rs.randn(4, 2), rs.randn(4, 3)
