"""A GRU cell written as a function of (params, h, x) with update and reset gates from one
concatenated [h, x] vector, run over a short multivariate sequence; a linear readout of
the final hidden state regresses a target per sequence, over a small batch of sequences
(looping over the batch and stacking). Parameters are a list [Wz, Wr, Wh, bz, br, bh,
w_out]."""

import autograd.numpy as np
import autograd.numpy.random as npr

HIDDEN = 4
N_IN = 2


def sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


def gru_cell(params, h, x):
    Wz, Wr, Wh, bz, br, bh = params[:6]
    hx = np.concatenate([h, x])
    z = sigmoid(np.dot(Wz, hx) + bz)
    r = sigmoid(np.dot(Wr, hx) + br)
    h_tilde = np.tanh(np.dot(Wh, np.concatenate([r * h, x])) + bh)
    return (1 - z) * h + z * h_tilde


def run_gru(params, seq):
    h = np.zeros(HIDDEN)
    for x in seq:
        h = gru_cell(params, h, x)
    return np.dot(params[6], h)


rs = npr.RandomState(29014)
SEQS = rs.randn(5, 6, N_IN)
TARGETS = np.array([np.sum(s[:, 0] * s[:, 1]) for s in SEQS]) * 0.2


def loss(params):
    preds = np.stack([run_gru(params, s) for s in SEQS])
    return np.mean((preds - TARGETS) ** 2)


def inputs():
    r = npr.RandomState(14)
    d = HIDDEN + N_IN
    return (
        [
            0.3 * r.randn(HIDDEN, d),
            0.3 * r.randn(HIDDEN, d),
            0.3 * r.randn(HIDDEN, d),
            np.zeros(HIDDEN),
            np.zeros(HIDDEN),
            np.zeros(HIDDEN),
            0.3 * r.randn(HIDDEN),
        ],
    )
