"""A character-level RNN in the style of min-char-rnn: the parameters are a list that
the loss unpacks into five names, inputs are one-hot rows of np.eye picked by index,
the hidden state is carried through a Python loop, and the cross-entropy of each step
is appended to a list and summed at the end."""

import autograd.numpy as np
import autograd.numpy.random as npr

TEXT = "hello autograd world"
CHARS = sorted(set(TEXT))
IX = {ch: i for i, ch in enumerate(CHARS)}
V = len(CHARS)


def step(params, h, x):
    Wxh, Whh, Why, bh, by = params
    h = np.tanh(np.dot(Wxh, x) + np.dot(Whh, h) + bh)
    y = np.dot(Why, h) + by
    return h, y


def loss(params, text=TEXT, hidden=6):
    onehot = np.eye(V)
    h = np.zeros(hidden)
    losses = []
    for cur, nxt in zip(text[:-1], text[1:]):
        h, y = step(params, h, onehot[IX[cur]])
        logp = y - np.log(np.sum(np.exp(y)))
        losses.append(-logp[IX[nxt]])
    return sum(losses) / len(losses)


def inputs():
    rs = npr.RandomState(5)
    H = 6
    return (
        [
            0.3 * rs.randn(H, V),
            0.3 * rs.randn(H, H),
            0.3 * rs.randn(V, H),
            np.zeros(H),
            np.zeros(V),
        ],
    )
