"""GRU cell as a class with self attributes, unrolled over a sequence; params a dict."""

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd import grad


def sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


class GRUCell:
    def __init__(self, hidden):
        self.hidden = hidden

    def step(self, p, x, h):
        xh = np.concatenate([x, h])
        z = sigmoid(np.dot(p["Wz"], xh) + p["bz"])
        r = sigmoid(np.dot(p["Wr"], xh) + p["br"])
        hr = np.concatenate([x, r * h])
        cand = np.tanh(np.dot(p["Wh"], hr) + p["bh"])
        return (1 - z) * h + z * cand

    def run(self, p, xs):
        h = np.zeros(self.hidden)
        for x in xs:
            h = self.step(p, x, h)
        return h


CELL = GRUCell(3)


def loss(params, xs, y):
    h = CELL.run(params, xs)
    return np.sum((np.dot(params["out"], h) - y) ** 2)


def inputs():
    rs = npr.RandomState(0)
    p = {k: 0.4 * rs.randn(3, 5) for k in ("Wz", "Wr", "Wh")}
    p.update({k: 0.1 * rs.randn(3) for k in ("bz", "br", "bh")})
    p["out"] = rs.randn(2, 3)
    return p, rs.randn(4, 2), rs.randn(2)


def result():
    p, xs, y = inputs()
    g = grad(loss)(p, xs, y)
    return {k: p[k] - 0.1 * g[k] for k in sorted(p)}
