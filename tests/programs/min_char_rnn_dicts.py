"""Karpathy's min-char-rnn loss, as written: one-hot inputs in dicts keyed by time step,
hs[-1] = np.copy(hprev), a forward loop over range(len(inputs)), the loss summed from the
softmax probability of each target, and the final hidden state returned beside it."""

import autograd.numpy as np
from autograd import grad

data = "hello world, hello autograd"
chars = sorted(list(set(data)))
vocab_size = len(chars)
char_to_ix = {ch: i for i, ch in enumerate(chars)}
hidden_size = 8
seq_length = 6
inputs_ix = [char_to_ix[ch] for ch in data[:seq_length]]
targets_ix = [char_to_ix[ch] for ch in data[1 : seq_length + 1]]


def lossFun(Wxh, Whh, Why, bh, by, inputs, targets, hprev):
    xs, hs, ys, ps = {}, {}, {}, {}
    hs[-1] = np.copy(hprev)
    loss = 0
    for t in range(len(inputs)):
        xs[t] = np.zeros((vocab_size, 1))
        xs[t] = xs[t] + np.eye(vocab_size)[:, inputs[t] : inputs[t] + 1]
        hs[t] = np.tanh(np.dot(Wxh, xs[t]) + np.dot(Whh, hs[t - 1]) + bh)
        ys[t] = np.dot(Why, hs[t]) + by
        ps[t] = np.exp(ys[t]) / np.sum(np.exp(ys[t]))
        loss += -np.log(ps[t][targets[t], 0])
    return loss, hs[len(inputs) - 1]


def loss(params):
    Wxh, Whh, Why, bh, by = params
    value, _ = lossFun(Wxh, Whh, Why, bh, by, inputs_ix, targets_ix, np.zeros((hidden_size, 1)))
    return value


def inputs():
    rs = np.random.RandomState(0)
    return (
        (
            rs.randn(hidden_size, vocab_size) * 0.1,
            rs.randn(hidden_size, hidden_size) * 0.1,
            rs.randn(vocab_size, hidden_size) * 0.1,
            np.zeros((hidden_size, 1)),
            np.zeros((vocab_size, 1)),
        ),
    )


def result():
    params = inputs()[0]
    mem = [np.zeros_like(p) for p in params]
    for n in range(3):  # Adagrad, as in min-char-rnn
        dparams = grad(loss)(params)
        new = []
        for p, dp, m in zip(params, dparams, mem):
            m += dp * dp
            new.append(p - 0.1 * dp / np.sqrt(m + 1e-8))
        params = tuple(new)
    return params
