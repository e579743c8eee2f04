"""An LSTM whose gates are kept in a dict filled in a loop over gate names
(gates[name] = sigmoid(...) for "input", "forget", "output"), each gate's weights a
(W, U, b) tuple in a dict of parameters; the sequence is read row by row from a 2-d
array, the last hidden state feeds a linear read-out, and the loss is a squared error
summed over several sequences held in a list."""

import autograd.numpy as np
import autograd.numpy.random as npr

GATES = ("input", "forget", "output")
D_IN, D_H = 3, 4
rs = npr.RandomState(2504)
SEQS = [rs.randn(T, D_IN) for T in (4, 6, 5)]
YS = [float(np.sum(s[:, 0])) * 0.3 for s in SEQS]


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def lstm_step(params, x, h, c):
    gates = {}
    for name in GATES:
        W, U, b = params[name]
        gates[name] = sigmoid(np.dot(x, W) + np.dot(h, U) + b)
    W, U, b = params["cell"]
    candidate = np.tanh(np.dot(x, W) + np.dot(h, U) + b)
    c = gates["forget"] * c + gates["input"] * candidate
    h = gates["output"] * np.tanh(c)
    return h, c


def predict(params, seq):
    h = np.zeros(D_H)
    c = np.zeros(D_H)
    for x in seq:
        h, c = lstm_step(params, x, h, c)
    return np.dot(h, params["readout"])


def loss(params):
    errs = [(predict(params, s) - y) ** 2 for s, y in zip(SEQS, YS)]
    return sum(errs) / len(errs)


def inputs():
    r = npr.RandomState(9)
    params = {
        name: (0.4 * r.randn(D_IN, D_H), 0.4 * r.randn(D_H, D_H), np.zeros(D_H))
        for name in GATES + ("cell",)
    }
    params["readout"] = 0.5 * r.randn(D_H)
    return (params,)
