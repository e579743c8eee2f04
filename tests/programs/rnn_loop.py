"""Vanilla RNN over a sequence; outputs collected in a list and stacked."""

import autograd.numpy as np
import autograd.numpy.random as npr


def rnn_predict(params, xs):
    Wx, Wh, Wo, h = params["Wx"], params["Wh"], params["Wo"], params["h0"]
    outputs = []
    for t in range(xs.shape[0]):
        h = np.tanh(np.dot(xs[t], Wx) + np.dot(h, Wh))
        outputs.append(np.dot(h, Wo))
    return np.stack(outputs)


def loss(params, xs, ys):
    return np.sum((rnn_predict(params, xs) - ys) ** 2)


def inputs():
    rs = npr.RandomState(5)
    params = {
        "Wx": 0.5 * rs.randn(2, 4),
        "Wh": 0.5 * rs.randn(4, 4),
        "Wo": rs.randn(4, 1),
        "h0": np.zeros(4),
    }
    return params, rs.randn(6, 2), rs.randn(6, 1)
