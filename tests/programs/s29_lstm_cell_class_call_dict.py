"""An LSTM cell as a class whose __call__(x, state, params) returns the new (h, c)
tuple, the gate pre-activations computed at once and split with np.split; a sequence
regressor loops the cell over time steps, and the parameters are a dict with the cell
weights and a read-out layer."""

import autograd.numpy as np
import autograd.numpy.random as npr


def sigmoid(x):
    return 0.5 * (np.tanh(0.5 * x) + 1.0)


class LSTMCell:
    def __init__(self, n_in, n_hidden):
        self.n_in = n_in
        self.n_hidden = n_hidden

    def init_state(self):
        return np.zeros(self.n_hidden), np.zeros(self.n_hidden)

    def __call__(self, x, state, params):
        h, c = state
        z = np.concatenate([x, h]) @ params["W"] + params["b"]
        i, f, o, g = np.split(z, 4)
        c = sigmoid(f) * c + sigmoid(i) * np.tanh(g)
        h = sigmoid(o) * np.tanh(c)
        return h, c


CELL = LSTMCell(2, 3)
rs = npr.RandomState(2918)
SEQ = rs.randn(6, 2)
TARGET = np.cumsum(SEQ[:, 0])[-1]


def loss(params):
    state = CELL.init_state()
    for x in SEQ:
        state = CELL(x, state, params)
    h, _ = state
    pred = h @ params["W_out"] + params["b_out"]
    return (pred[0] - TARGET) ** 2


def inputs():
    r = npr.RandomState(18)
    return (
        {
            "W": 0.4 * r.randn(5, 12),
            "b": np.zeros(12),
            "W_out": 0.4 * r.randn(3, 1),
            "b_out": np.zeros(1),
        },
    )
