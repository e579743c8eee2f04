"""A GRU language model: the update and reset gates come from one matrix product split
with np.split(..., 2, axis=1); hidden states over a sequence of one-hot inputs; the loss
averages cross-entropy over time steps collected with enumerate."""

import autograd.numpy as np
import autograd.numpy.random as npr


def sigmoid(x):
    return 0.5 * (np.tanh(0.5 * x) + 1.0)


def gru_step(p, h, x):
    hx = np.concatenate([h, x], axis=1)
    z, r = np.split(sigmoid(np.dot(hx, p["W_zr"]) + p["b_zr"]), 2, axis=1)
    cand = np.tanh(np.dot(np.concatenate([r * h, x], axis=1), p["W_h"]) + p["b_h"])
    return (1 - z) * h + z * cand


def loss(p, seq):
    T, B, V = seq.shape
    h = np.zeros((B, p["W_h"].shape[1]))
    total = 0.0
    for t, x in enumerate(seq[:-1]):
        h = gru_step(p, h, x)
        logits = np.dot(h, p["W_out"]) + p["b_out"]
        logp = logits - np.log(np.sum(np.exp(logits), axis=1, keepdims=True))
        total = total - np.sum(logp * seq[t + 1])
    return total / ((T - 1) * B)


def inputs():
    rs = npr.RandomState(56)
    V, H, B, T = 4, 3, 2, 5
    p = {
        "W_zr": 0.4 * rs.randn(H + V, 2 * H),
        "b_zr": np.zeros(2 * H),
        "W_h": 0.4 * rs.randn(H + V, H),
        "b_h": np.zeros(H),
        "W_out": 0.4 * rs.randn(H, V),
        "b_out": np.zeros(V),
    }
    seq = np.eye(V)[rs.randint(0, V, size=(T, B))]
    return p, seq
