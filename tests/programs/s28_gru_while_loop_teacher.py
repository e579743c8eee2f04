"""A GRU next-step regressor over a time series: the recurrence is a while loop over
the time index, gates are computed by a helper with keyword arguments, and the squared
prediction error is accumulated; an empty window returns 0.0 early."""

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd import grad


def sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


def gate(x, h, W, U, b, act=sigmoid):
    return act(np.dot(W, x) + np.dot(U, h) + b)


def gru_cell(p, x, h):
    z = gate(x, h, W=p["Wz"], U=p["Uz"], b=p["bz"])
    r = gate(x, h, W=p["Wr"], U=p["Ur"], b=p["br"])
    h_new = gate(x, r * h, W=p["Wh"], U=p["Uh"], b=p["bh"], act=np.tanh)
    return z * h + (1 - z) * h_new


def window_error(p, series):
    if len(series) < 2:
        return 0.0
    h = np.zeros(p["bz"].shape[0])
    err = 0.0
    t = 0
    while t < len(series) - 1:
        h = gru_cell(p, series[t : t + 1], h)
        pred = np.dot(p["v"], h)
        err = err + (pred - series[t + 1]) ** 2
        t += 1
    return err / (len(series) - 1)


rs = npr.RandomState(2804)
SERIES = np.sin(np.linspace(0, 6, 14)) + 0.05 * rs.randn(14)
WINDOWS = [SERIES[:1], SERIES[:7], SERIES[5:]]


def loss(p):
    return sum(window_error(p, w) for w in WINDOWS)


def inputs():
    r = npr.RandomState(4)
    nh = 3
    p = {}
    for g in "zrh":
        p["W" + g] = 0.5 * r.randn(nh, 1)
        p["U" + g] = 0.5 * r.randn(nh, nh)
        p["b" + g] = np.zeros(nh)
    p["v"] = 0.5 * r.randn(nh)
    return (p,)


def result():
    p = inputs()[0]
    for _ in range(3):
        g = grad(loss)(p)
        p = {k: v - 0.2 * g[k] for k, v in p.items()}
    return loss(p)
