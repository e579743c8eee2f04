"""A small RNN regressor written with objects built inside the loss: Model(params)
makes a Cell and a Readout from the parameter dict in its __init__ (objects held by
another object), __call__ runs the cell over the sequence through methods calling
methods, and a helper builds the model; the gradient is a dict like the parameters."""

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd import grad

H, D, T = 4, 2, 6


class Cell:
    def __init__(self, Wx, Wh, b):
        self.Wx, self.Wh, self.b = Wx, Wh, b

    def step(self, h, x):
        return np.tanh(np.dot(x, self.Wx) + np.dot(h, self.Wh) + self.b)


class Readout:
    def __init__(self, V, c):
        self.V = V
        self.c = c

    def __call__(self, h):
        return np.dot(h, self.V) + self.c


class Model:
    def __init__(self, params):
        self.cell = Cell(params["Wx"], params["Wh"], params["b"])
        self.readout = Readout(params["V"], params["c"])
        self.h0 = np.zeros(H)

    def hidden_states(self, xs):
        h, states = self.h0, []
        for x in xs:
            h = self.cell.step(h, x)
            states.append(h)
        return states

    def __call__(self, xs):
        return np.array([self.readout(h) for h in self.hidden_states(xs)])


def make_model(params):
    model = Model(params)
    return model


def loss(params, xs, ys):
    preds = make_model(params)(xs)
    return np.mean((preds[:, 0] - ys) ** 2)


def inputs():
    rs = npr.RandomState(4)
    params = {
        "Wx": 0.5 * rs.randn(D, H),
        "Wh": 0.3 * rs.randn(H, H),
        "b": 0.1 * rs.randn(H),
        "V": 0.5 * rs.randn(H, 1),
        "c": np.zeros(1),
    }
    xs = rs.randn(T, D)
    ys = np.sin(np.cumsum(xs[:, 0]))
    return params, xs, ys


def result():
    params, xs, ys = inputs()
    for _ in range(3):
        g = grad(loss)(params, xs, ys)
        params = {k: params[k] - 0.1 * g[k] for k in sorted(params)}
    return params
