"""An LSTM with peephole connections classifying short sequences: the state is a tuple
(h, c) unpacked and rebuilt at each step, the four gates come from one matrix product
split with np.split(z, 4), peepholes multiply the cell state elementwise, and the batch
of sequences is a list of arrays of different lengths."""

import autograd.numpy as np
import autograd.numpy.random as npr

rs = npr.RandomState(2622)
H, D = 5, 3
SEQS = [rs.randn(n, D) for n in (4, 6, 3, 5)]
LABELS = np.array([1.0, 0.0, 1.0, 0.0])


def sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


def lstm_step(params, state, x):
    h, c = state
    z = params["W"] @ np.concatenate([x, h]) + params["b"]
    i, f, o, g = np.split(z, 4)
    i = sigmoid(i + params["p_i"] * c)
    f = sigmoid(f + params["p_f"] * c)
    c = f * c + i * np.tanh(g)
    o = sigmoid(o + params["p_o"] * c)
    h = o * np.tanh(c)
    return (h, c)


def classify(params, seq):
    state = (np.zeros(H), np.zeros(H))
    for x in seq:
        state = lstm_step(params, state, x)
    h, _ = state
    return np.dot(params["w_out"], h) + params["b_out"]


def loss(params):
    logits = np.array([classify(params, s) for s in SEQS])
    return np.mean(np.logaddexp(0.0, logits) - LABELS * logits)


def inputs():
    r = npr.RandomState(22)
    return (
        {
            "W": 0.3 * r.randn(4 * H, D + H),
            "b": np.zeros(4 * H),
            "p_i": 0.1 * r.randn(H),
            "p_f": 0.1 * r.randn(H),
            "p_o": 0.1 * r.randn(H),
            "w_out": 0.3 * r.randn(H),
            "b_out": 0.0,
        },
    )
