"""An Elman RNN over a short sequence whose steps are counted as Python counts them:
`enumerate(xs, start=1)` gives the step number that scales a time-decayed input gate,
and the readout weights come from `zip(itertools.count(1, 2), hs)`; trained for a few
steps of gradient descent with autograd.grad."""

import itertools

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd import grad

rs = npr.RandomState(1701)
XS = rs.randn(5, 3)
TARGET = 0.3


def unpack(params):
    W = np.reshape(params[:16], (4, 4)) * 0.3
    U = np.reshape(params[16:28], (4, 3)) * 0.3
    r = params[28:32]
    return W, U, r


def loss(params):
    W, U, r = unpack(params)
    h = np.zeros(4)
    hs = []
    for t, x in enumerate(XS, start=1):
        gate = 1.0 / (1.0 + np.exp(-np.dot(U, x) / t))
        h = np.tanh(np.dot(W, h) + gate * x[0])
        hs.append(h)
    out = 0.0
    for k, h_k in zip(itertools.count(1, 2), hs):
        out = out + np.dot(r, h_k) / k
    return (out - TARGET) ** 2 + 1e-3 * np.sum(params**2)


def inputs():
    return (npr.RandomState(7).randn(32),)


def result():
    params = inputs()[0]
    g = grad(loss)
    for _ in range(3):
        params = params - 0.1 * g(params)
    return params
