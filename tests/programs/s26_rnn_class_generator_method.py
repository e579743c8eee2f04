"""An Elman RNN class whose run() method is a generator yielding the hidden state of
each step; the sequence loss collects list(rnn.run(params, xs)), stacks the states with
np.stack, reads out with np.dot and .T, and regresses the next value of a noisy sine."""

import autograd.numpy as np
import autograd.numpy.random as npr


class ElmanRNN:
    def __init__(self, hidden=6):
        self.hidden = hidden

    def init_params(self, rs, n_in=1, n_out=1):
        return {
            "Wx": 0.5 * rs.randn(n_in, self.hidden),
            "Wh": 0.3 * rs.randn(self.hidden, self.hidden),
            "b": np.zeros(self.hidden),
            "Wo": 0.5 * rs.randn(self.hidden, n_out),
        }

    def run(self, params, xs):
        h = np.zeros(self.hidden)
        for x in xs:
            h = np.tanh(np.dot(x, params["Wx"]) + np.dot(h, params["Wh"]) + params["b"])
            yield h


RNN = ElmanRNN()
rs = npr.RandomState(2621)
SERIES = np.sin(np.linspace(0, 6, 16)) + 0.05 * rs.randn(16)
XS = SERIES[:-1, None]
TARGETS = SERIES[1:]


def loss(params):
    states = np.stack(list(RNN.run(params, XS)))
    preds = np.dot(states, params["Wo"]).T[0]
    return np.mean((preds - TARGETS) ** 2)


def inputs():
    return (RNN.init_params(npr.RandomState(21)),)
