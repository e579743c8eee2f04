"""A character-level vanilla RNN in the style of min-char-rnn: char_to_ix/ix_to_char
dicts from sorted(set(text)), one-hot inputs from np.eye(vocab_size)[ix], Wxh/Whh/Why
in a dict, the hidden state carried across a sequence and the loss the summed negative
log-probability of each next character; a smoothed loss and sampling with a
RandomState live in result(), with adagrad updates written out by hand (memory dict)."""

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd import grad

text = "hello world, hello autograd. hold the wheel."
chars = sorted(set(text))
data_size, vocab_size = len(text), len(chars)
char_to_ix = {ch: i for i, ch in enumerate(chars)}
ix_to_char = {i: ch for i, ch in enumerate(chars)}
hidden_size = 8
seq_length = 10
ONE_HOT = np.eye(vocab_size)


def init_model(seed=0):
    rs = npr.RandomState(seed)
    return {
        "Wxh": rs.randn(hidden_size, vocab_size) * 0.05,
        "Whh": rs.randn(hidden_size, hidden_size) * 0.05,
        "Why": rs.randn(vocab_size, hidden_size) * 0.05,
        "bh": np.zeros((hidden_size, 1)),
        "by": np.zeros((vocab_size, 1)),
    }


def step(model, ix, h):
    x = ONE_HOT[ix].reshape(vocab_size, 1)
    h = np.tanh(np.dot(model["Wxh"], x) + np.dot(model["Whh"], h) + model["bh"])
    y = np.dot(model["Why"], h) + model["by"]
    return y, h


def sequence_loss(model, inputs_ix, targets_ix, hprev):
    h = hprev
    total = 0
    for t in range(len(inputs_ix)):
        y, h = step(model, inputs_ix[t], h)
        p = np.exp(y - np.max(y)) / np.sum(np.exp(y - np.max(y)))
        total += -np.log(p[targets_ix[t], 0])
    return total


def sample(model, h, seed_ix, n, rs):
    ix = seed_ix
    out = []
    for _ in range(n):
        y, h = step(model, ix, h)
        p = np.exp(y) / np.sum(np.exp(y))
        ix = rs.choice(range(vocab_size), p=p.ravel())
        out.append(ix)
    return "".join(ix_to_char[ix] for ix in out)


INPUTS = [char_to_ix[ch] for ch in text[0:seq_length]]
TARGETS = [char_to_ix[ch] for ch in text[1 : seq_length + 1]]
HPREV = np.zeros((hidden_size, 1))


def loss(model):
    return sequence_loss(model, INPUTS, TARGETS, HPREV)


def inputs():
    return (init_model(2650),)


def result(n_updates=4, learning_rate=0.1):
    model = init_model(2650)
    mem = {k: np.zeros_like(v) for k, v in model.items()}
    dloss = grad(sequence_loss)
    smooth_loss = -np.log(1.0 / vocab_size) * seq_length
    p = 0
    for n in range(n_updates):
        if p + seq_length + 1 >= len(text):
            p = 0
        xs = [char_to_ix[ch] for ch in text[p : p + seq_length]]
        ys = [char_to_ix[ch] for ch in text[p + 1 : p + seq_length + 1]]
        grads = dloss(model, xs, ys, HPREV)
        smooth_loss = smooth_loss * 0.999 + sequence_loss(model, xs, ys, HPREV) * 0.001
        for k in model:
            np.clip(grads[k], -5, 5, out=grads[k])
            mem[k] += grads[k] * grads[k]
            model[k] = model[k] - learning_rate * grads[k] / np.sqrt(mem[k] + 1e-8)
        p += seq_length
    text_out = sample(model, HPREV, char_to_ix["h"], 12, npr.RandomState(0))
    return model, smooth_loss, len(text_out)
