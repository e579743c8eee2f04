"""An LSTM sequence classifier: gate weights are one stacked matrix sliced into four,
the cell state travels as a namedtuple through a Python loop over time steps, and the
final hidden state feeds a logistic output. Sequences of different lengths are scored
one by one with zip over sequences and labels."""

from collections import namedtuple

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd import value_and_grad

State = namedtuple("State", ["h", "c"])
N_IN, N_H = 2, 4


def sigmoid(x):
    return 0.5 * (np.tanh(x / 2.0) + 1.0)


def lstm_step(params, state, x):
    z = np.concatenate([x, state.h]) @ params["W"] + params["b"]
    i, f, o, g = (z[k * N_H : (k + 1) * N_H] for k in range(4))
    c = sigmoid(f) * state.c + sigmoid(i) * np.tanh(g)
    h = sigmoid(o) * np.tanh(c)
    return State(h, c)


def run_lstm(params, seq):
    state = State(np.zeros(N_H), np.zeros(N_H))
    for t, x in enumerate(seq):
        state = lstm_step(params, state, x)
    return state.h


def log_likelihood(params, seqs, labels):
    total = 0.0
    for seq, y in zip(seqs, labels):
        logit = run_lstm(params, seq) @ params["w_out"] + params["b_out"]
        total = total + y * logit - np.logaddexp(0.0, logit)
    return total


rs = npr.RandomState(2803)
SEQS = [rs.randn(n, N_IN) for n in (3, 5, 4, 2, 6)]
LABELS = [float(np.sum(s[:, 0]) > 0) for s in SEQS]


def loss(params):
    return -log_likelihood(params, SEQS, LABELS) / len(SEQS)


def inputs():
    r = npr.RandomState(3)
    return (
        {
            "W": 0.3 * r.randn(N_IN + N_H, 4 * N_H),
            "b": np.concatenate([np.zeros(N_H), np.ones(N_H), np.zeros(2 * N_H)]),
            "w_out": 0.3 * r.randn(N_H),
            "b_out": 0.0,
        },
    )


def result():
    params = inputs()[0]
    vg = value_and_grad(loss)
    values = []
    for _ in range(3):
        v, g = vg(params)
        values.append(v)
        params = {k: params[k] - 0.3 * g[k] for k in params}
    return params, values
