"""Two-layer LSTM where params are a nested list [[Wx, Wh, b], ...] per layer; gates by
np.split; sequence output collected in a list and stacked."""

import autograd.numpy as np
import autograd.numpy.random as npr

H = 3


def sigmoid(x):
    return 0.5 * (np.tanh(0.5 * x) + 1.0)


def lstm_layer(layer, xs):
    Wx, Wh, b = layer
    h = np.zeros(H)
    c = np.zeros(H)
    outs = []
    for x in xs:
        gates = np.dot(x, Wx) + np.dot(h, Wh) + b
        i, f, o, g = np.split(gates, 4)
        c = sigmoid(f) * c + sigmoid(i) * np.tanh(g)
        h = sigmoid(o) * np.tanh(c)
        outs.append(h)
    return np.stack(outs)


def loss(params, xs, ys):
    seq = xs
    for layer in params[:-1]:
        seq = lstm_layer(layer, seq)
    (V,) = params[-1]
    return np.mean((np.dot(seq, V) - ys) ** 2)


def inputs():
    rs = npr.RandomState(15)
    params = [
        [0.4 * rs.randn(2, 4 * H), 0.4 * rs.randn(H, 4 * H), np.zeros(4 * H)],
        [0.4 * rs.randn(H, 4 * H), 0.4 * rs.randn(H, 4 * H), np.zeros(4 * H)],
        [rs.randn(H, 1)],
    ]
    return params, rs.randn(4, 2), rs.randn(4, 1)
