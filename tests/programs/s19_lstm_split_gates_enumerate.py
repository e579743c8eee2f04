"""An LSTM language model over one-hot characters: the four gates from one matmul split
with np.split, hidden states kept in a list while enumerating the sequence, a softmax
cross-entropy per step against the next character."""

import autograd.numpy as np
import autograd.numpy.random as npr


def sigmoid(x):
    return 0.5 * (np.tanh(0.5 * x) + 1.0)


def lstm_states(params, seq):
    hidden = params["h0"]
    cell = np.zeros_like(hidden)
    states = []
    for t, x in enumerate(seq):
        z = np.dot(np.concatenate([x, hidden]), params["W"]) + params["b"]
        i, f, o, g = np.split(z, 4)
        cell = sigmoid(f) * cell + sigmoid(i) * np.tanh(g)
        hidden = sigmoid(o) * np.tanh(cell)
        states.append(hidden)
    return states


def loss(params, seq):
    states = lstm_states(params, seq[:-1])
    total = 0.0
    for h, target in zip(states, seq[1:]):
        logits = np.dot(h, params["V"])
        log_probs = logits - np.log(np.sum(np.exp(logits)))
        total = total - np.dot(log_probs, target)
    return total / len(states)


def inputs():
    rs = npr.RandomState(1915)
    vocab, hidden = 5, 4
    seq = np.eye(vocab)[rs.randint(0, vocab, size=7)]
    params = {
        "W": 0.3 * rs.randn(vocab + hidden, 4 * hidden),
        "b": np.zeros(4 * hidden),
        "V": 0.3 * rs.randn(hidden, vocab),
        "h0": np.zeros(hidden),
    }
    return params, seq
