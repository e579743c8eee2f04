"""An LSTM sequence classifier whose cell keeps one weight matrix per gate in a dict
keyed by gate name ("input", "forget", "output", "cell"), applying each gate in a loop
over GATES with a per-gate nonlinearity from a second dict; the hidden and cell states
start at zeros and are carried through time with tuple unpacking; the final hidden state
goes through a linear readout and a sigmoid cross-entropy over a batch of sequences."""

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd import grad
from autograd.misc.optimizers import adam

GATES = ("input", "forget", "output", "cell")
NONLIN = {
    "input": lambda z: 1 / (1 + np.exp(-z)),
    "forget": lambda z: 1 / (1 + np.exp(-z)),
    "output": lambda z: 1 / (1 + np.exp(-z)),
    "cell": np.tanh,
}


def init_lstm(rs, n_in, n_hidden, forget_bias=1.0):
    params = {"gates": {}, "readout": {"W": 0.1 * rs.randn(n_hidden, 1), "b": np.zeros(1)}}
    for gate in GATES:
        params["gates"][gate] = {
            "W": rs.randn(n_in + n_hidden, n_hidden) / np.sqrt(n_in + n_hidden),
            "b": np.full(n_hidden, forget_bias if gate == "forget" else 0.0),
        }
    return params


def lstm_step(gate_params, x_t, state):
    h, c = state
    xh = np.concatenate([x_t, h], axis=1)
    act = {}
    for gate in GATES:
        p = gate_params[gate]
        act[gate] = NONLIN[gate](np.dot(xh, p["W"]) + p["b"])
    c = act["forget"] * c + act["input"] * act["cell"]
    h = act["output"] * np.tanh(c)
    return h, c


def run_lstm(params, inputs_seq):
    batch, T, _ = inputs_seq.shape
    n_hidden = params["readout"]["W"].shape[0]
    state = (np.zeros((batch, n_hidden)), np.zeros((batch, n_hidden)))
    for t in range(T):
        state = lstm_step(params["gates"], inputs_seq[:, t, :], state)
    h, _ = state
    return np.dot(h, params["readout"]["W"]) + params["readout"]["b"]


def sigmoid_xent(logits, labels):
    return np.mean(np.logaddexp(0.0, logits) - labels * logits)


rs = npr.RandomState(2648)
SEQS = rs.randn(10, 6, 2)
LABELS = (SEQS[:, :, 0].sum(axis=1) > 0).astype(float)[:, None]


def loss(params):
    return sigmoid_xent(run_lstm(params, SEQS), LABELS)


def inputs():
    return (init_lstm(npr.RandomState(3), 2, 5),)


def result():
    def objective(params, i):
        return loss(params)

    def callback(params, i, g):
        if i % 5 == 0:
            print(f"iter {i}: {loss(params):.4f}")

    trained = adam(grad(objective), inputs()[0], step_size=0.05, num_iters=8, callback=callback)
    return trained, loss(trained)
