"""An LSTM for next-value prediction on a sine wave: the four gates come from one stacked
weight matrix applied to np.concatenate([x, h]) and split with np.split, the cell and
hidden states are updated in a for loop over time, predictions are collected in a list,
and the loss is the mean squared one-step error. Parameters are a tuple (W, b, V, c)."""

import autograd.numpy as np
import autograd.numpy.random as npr

HIDDEN = 5


def sigmoid(x):
    return 0.5 * (np.tanh(0.5 * x) + 1)


def lstm_step(params, x, h, c):
    W, b = params[0], params[1]
    gates = np.dot(W, np.concatenate([x, h])) + b
    i, f, o, g = np.split(gates, 4)
    c = sigmoid(f) * c + sigmoid(i) * np.tanh(g)
    h = sigmoid(o) * np.tanh(c)
    return h, c


def predict_sequence(params, series):
    W, b, V, c_out = params
    h = np.zeros(HIDDEN)
    c = np.zeros(HIDDEN)
    preds = []
    for value in series[:-1]:
        h, c = lstm_step(params, np.array([value]), h, c)
        preds.append(np.dot(V, h) + c_out)
    return np.array(preds)


t = np.linspace(0, 3 * np.pi, 14)
SERIES = np.sin(t) + 0.05 * npr.RandomState(29020).randn(14)


def loss(params):
    preds = predict_sequence(params, SERIES)
    return np.mean((preds - SERIES[1:]) ** 2)


def inputs():
    r = npr.RandomState(20)
    return (
        (0.3 * r.randn(4 * HIDDEN, 1 + HIDDEN), np.zeros(4 * HIDDEN), 0.3 * r.randn(HIDDEN), 0.0),
    )
