"""A bidirectional LSTM over a short sequence: gate weights in a dict, one step function,
the backward direction with reversed(range(T)), the two directions paired with zip and
joined with np.concatenate, a mean-pooled regression loss."""

import autograd.numpy as np

T, D, Hd = 5, 3, 4
rs = np.random.RandomState(0)
SEQ = [rs.randn(D) for _ in range(T)]
TARGET = 0.7


def sigmoid(x):
    return 0.5 * (np.tanh(0.5 * x) + 1.0)


def lstm_step(p, x, h, c):
    z = np.concatenate([x, h])
    i = sigmoid(np.dot(p["Wi"], z) + p["bi"])
    f = sigmoid(np.dot(p["Wf"], z) + p["bf"])
    o = sigmoid(np.dot(p["Wo"], z) + p["bo"])
    g = np.tanh(np.dot(p["Wg"], z) + p["bg"])
    c = f * c + i * g
    h = o * np.tanh(c)
    return h, c


def run(p, seq, backwards=False):
    h, c = np.zeros(Hd), np.zeros(Hd)
    order = reversed(range(len(seq))) if backwards else range(len(seq))
    outs = [None] * len(seq)
    for t in order:
        h, c = lstm_step(p, seq[t], h, c)
        outs[t] = h
    return outs


def loss(params):
    fwd, bwd = params
    states = [np.concatenate([a, b]) for a, b in zip(run(fwd, SEQ), run(bwd, SEQ, True))]
    pooled = np.mean(np.stack(states), axis=0)
    return (np.sum(pooled) - TARGET) ** 2


def init(rs):
    p = {}
    for gate in "ifog":
        p["W" + gate] = rs.randn(Hd, D + Hd) * 0.3
        p["b" + gate] = np.ones(Hd) if gate == "f" else np.zeros(Hd)
    return p


def inputs():
    r = np.random.RandomState(5)
    return ((init(r), init(r)),)
