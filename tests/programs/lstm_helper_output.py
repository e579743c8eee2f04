"""LSTM language model: a helper's local `output` array beside the enclosing `output` list."""

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd.scipy.special import logsumexp

SIZES = dict(vocab=4, state=3)


def sigmoid(x):
    return 0.5 * (np.tanh(x) + 1.0)


def affine(weights, *args):
    """Concatenate the inputs with a bias column,
    then multiply by the weight matrix."""
    cat = np.concatenate(args + (np.ones((args[0].shape[0], 1)),), axis=1)
    return np.dot(cat, weights)


def predict(params, seq):
    def cell(x, hidden, memory):
        """One step of the cell:
        gates from the input and the hidden state."""
        change = np.tanh(affine(params["change"], x, hidden))
        forget = sigmoid(affine(params["forget"], x, hidden))
        ingate = sigmoid(affine(params["ingate"], x, hidden))
        memory = memory * forget + ingate * change
        hidden = sigmoid(affine(params["outgate"], x, hidden)) * np.tanh(memory)
        return hidden, memory

    def readout(hidden):
        output = affine(params["readout"], hidden)
        return output - logsumexp(output, axis=1, keepdims=True)

    hidden = np.repeat(params["h0"], seq.shape[1], axis=0)
    memory = np.repeat(params["c0"], seq.shape[1], axis=0)
    output = [readout(hidden)]
    for x in seq:
        hidden, memory = cell(x, hidden, memory)
        output.append(readout(hidden))
    return output


def loss(params, seq):
    logprobs = predict(params, seq)
    total = 0.0
    for t in range(seq.shape[0]):
        total = total + np.sum(logprobs[t] * seq[t])
    return -total / seq.shape[0]


def inputs():
    rs = npr.RandomState(5)
    v, s = SIZES["vocab"], SIZES["state"]
    params = {
        "h0": rs.randn(1, s) * 0.1,
        "c0": rs.randn(1, s) * 0.1,
        "readout": rs.randn(s + 1, v) * 0.3,
    }
    for gate in ("change", "forget", "ingate", "outgate"):
        params[gate] = rs.randn(v + s + 1, s) * 0.3
    seq = np.eye(v)[rs.randint(0, v, size=(5, 2))]
    return params, seq
