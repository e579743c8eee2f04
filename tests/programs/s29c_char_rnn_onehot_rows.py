"""A character-level vanilla RNN as in min-char-rnn: the text is encoded as one-hot rows
of an identity matrix, the hidden state runs through tanh over the rows of the input
matrix in a for loop, each step predicts the next character with a log-softmax, and the
loss is the mean cross-entropy. Parameters are a dict of weight matrices and biases."""

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd.scipy.special import logsumexp

TEXT = "hello world, hello autograd"
CHARS = sorted(set(TEXT))
CHAR_TO_IX = {ch: i for i, ch in enumerate(CHARS)}
VOCAB = len(CHARS)
HIDDEN = 8


def one_hot(text):
    return np.eye(VOCAB)[[CHAR_TO_IX[ch] for ch in text]]


SEQ = one_hot(TEXT[:12])


def rnn_loss(params, seq):
    h = np.zeros(HIDDEN)
    total = 0.0
    for t in range(len(seq) - 1):
        x = seq[t]
        h = np.tanh(np.dot(params["Wxh"], x) + np.dot(params["Whh"], h) + params["bh"])
        y = np.dot(params["Why"], h) + params["by"]
        log_probs = y - logsumexp(y)
        total = total - np.dot(log_probs, seq[t + 1])
    return total / (len(seq) - 1)


def loss(params):
    return rnn_loss(params, SEQ)


def inputs():
    r = npr.RandomState(13)
    return (
        {
            "Wxh": 0.1 * r.randn(HIDDEN, VOCAB),
            "Whh": 0.1 * r.randn(HIDDEN, HIDDEN),
            "Why": 0.1 * r.randn(VOCAB, HIDDEN),
            "bh": np.zeros(HIDDEN),
            "by": np.zeros(VOCAB),
        },
    )
