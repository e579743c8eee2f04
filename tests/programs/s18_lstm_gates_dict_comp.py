"""An LSTM whose gate weights are kept in a dict keyed by gate name; each step builds a
dict of gate activations with a dict comprehension over the names, the cell and hidden
states are updated from it, and a linear read-out of the last hidden state is fitted to
a target by squared error."""

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd.scipy.special import expit

GATES = ("input", "forget", "output", "cell")


def lstm_step(params, x, h, c):
    pre = {g: np.dot(x, params[g][0]) + np.dot(h, params[g][1]) + params[g][2] for g in GATES}
    gates = {g: expit(v) for g, v in pre.items() if g != "cell"}
    c = gates["forget"] * c + gates["input"] * np.tanh(pre["cell"])
    h = gates["output"] * np.tanh(c)
    return h, c


def loss(params, xs, target):
    n_hidden = params["readout"].shape[0]
    h = np.zeros((xs.shape[1], n_hidden))
    c = np.zeros((xs.shape[1], n_hidden))
    for x in xs:
        h, c = lstm_step(params, x, h, c)
    return np.mean((np.dot(h, params["readout"]) - target) ** 2)


def inputs():
    rs = npr.RandomState(9)
    D, H, T, B = 3, 4, 5, 2
    params = {g: (0.4 * rs.randn(D, H), 0.4 * rs.randn(H, H), np.zeros(H)) for g in GATES}
    params["readout"] = 0.5 * rs.randn(H)
    return params, rs.randn(T, B, D), np.array([0.3, -0.2])
