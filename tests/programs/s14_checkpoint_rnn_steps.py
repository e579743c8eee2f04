"""A vanilla RNN whose step function is wrapped in autograd.checkpoint (recomputed in the
backward pass); the loss is the squared error of a linear readout at every step."""

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd import checkpoint, grad


@checkpoint
def rnn_step(params, h, x):
    Wh, Wx, b = params
    return np.tanh(np.dot(h, Wh) + np.dot(x, Wx) + b)


def run(params, readout, xs):
    h = np.zeros(params[0].shape[0])
    preds = []
    for x in xs:
        h = rnn_step(params, h, x)
        preds.append(np.dot(h, readout))
    return np.array(preds)


def data():
    rs = npr.RandomState(1402)
    xs = rs.randn(6, 2)
    ys = np.cumsum(xs[:, 0]) * 0.3
    return xs, ys


XS, YS = data()


def loss(readout, params):
    return np.mean((run(params, readout, XS) - YS) ** 2)


def inputs():
    rs = npr.RandomState(14021)
    params = (0.4 * rs.randn(4, 4), 0.5 * rs.randn(2, 4), 0.1 * rs.randn(4))
    return rs.randn(4), params


def result():
    readout, params = inputs()
    return grad(loss, 1)(readout, params)
