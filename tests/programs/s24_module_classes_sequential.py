"""A small neural-network library in the style of PyTorch written with NumPy: a Linear
module keeping the weights and the activation it is given (act=np.tanh by default), a
Sequential container keeping the list of modules it is given and calling each in turn,
an MSELoss object, and the flat parameter vector cut into the layers inside the loss."""

import autograd.numpy as np
import autograd.numpy.random as npr

rs = npr.RandomState(2419)
X = rs.randn(20, 2)
Y = np.sin(X[:, :1]) + X[:, 1:] ** 2
SIZES = [2, 5, 4, 1]


class Linear:
    def __init__(self, W, b, act=np.tanh):
        self.W = W
        self.b = b
        self.act = act

    def __call__(self, h):
        return self.act(np.dot(h, self.W) + self.b)


def identity(z):
    return z


class Sequential:
    def __init__(self, modules):
        self.modules = modules

    def __call__(self, h):
        for module in self.modules:
            h = module(h)
        return h


class MSELoss:
    def __call__(self, pred, target):
        return np.mean((pred - target) ** 2)


def build(flat):
    layers, start = [], 0
    for m, n in zip(SIZES[:-1], SIZES[1:]):
        W = np.reshape(flat[start : start + m * n], (m, n))
        b = flat[start + m * n : start + (m + 1) * n]
        layers.append((W, b))
        start += (m + 1) * n
    return layers


def loss(flat):
    (W1, b1), (W2, b2), (W3, b3) = build(flat)
    net = Sequential([Linear(W1, b1), Linear(W2, b2, act=np.sin), Linear(W3, b3, act=identity)])
    return MSELoss()(net(X), Y) + 1e-3 * np.sum(flat**2)


def inputs():
    n = sum((m + 1) * n for m, n in zip(SIZES[:-1], SIZES[1:]))
    return (0.5 * npr.RandomState(12).randn(n),)
