"""A character LSTM language model with string-keyed parameters: gates from one matrix
product on np.concatenate((h, x)), sigmoid written as 0.5 * (tanh + 1), a loop over the
sequence and a cross entropy with a hand-written logsumexp."""

import autograd.numpy as np
import autograd.numpy.random as npr

VOCAB, HID = 5, 4


def sigmoid(x):
    return 0.5 * (np.tanh(x / 2.0) + 1.0)


def logsumexp(x):
    m = np.max(x)
    return m + np.log(np.sum(np.exp(x - m)))


def lstm_step(params, h, c, x):
    z = np.dot(params["W"], np.concatenate((h, x))) + params["b"]
    i = sigmoid(z[:HID])
    f = sigmoid(z[HID : 2 * HID])
    o = sigmoid(z[2 * HID : 3 * HID])
    g = np.tanh(z[3 * HID :])
    c = f * c + i * g
    h = o * np.tanh(c)
    return h, c


def loss(params, seq):
    h, c = np.zeros(HID), np.zeros(HID)
    total = 0.0
    for t in range(len(seq) - 1):
        x = np.zeros(VOCAB)
        x[seq[t]] = 1.0
        h, c = lstm_step(params, h, c, x)
        logits = np.dot(params["V"], h) + params["c"]
        total = total - (logits[seq[t + 1]] - logsumexp(logits))
    return total / (len(seq) - 1)


def inputs():
    rs = npr.RandomState(142)
    params = {
        "W": 0.3 * rs.randn(4 * HID, HID + VOCAB),
        "b": np.zeros(4 * HID),
        "V": 0.3 * rs.randn(VOCAB, HID),
        "c": np.zeros(VOCAB),
    }
    return params, [0, 3, 1, 4, 2, 2, 0]
