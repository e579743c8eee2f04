"""A vanilla RNN as a stateful class the way it is often written: reset() sets
self.h to zeros, step(x) updates self.h and returns the output, and the loss resets the
network and feeds it one input at a time; the weights are passed in a dict and read by
the step method through its argument."""

import autograd.numpy as np
import autograd.numpy.random as npr


class RNN:
    def __init__(self, n_hidden):
        self.n_hidden = n_hidden
        self.h = None

    def reset(self):
        self.h = np.zeros(self.n_hidden)

    def step(self, x, params):
        self.h = np.tanh(params["W_xh"] @ x + params["W_hh"] @ self.h + params["b"])
        return params["W_hy"] @ self.h


NET = RNN(3)
rs = npr.RandomState(2922)
XS = rs.randn(5, 2)
YS = np.sin(np.cumsum(XS[:, :1], axis=0))


def loss(params):
    NET.reset()
    err = 0.0
    for x, y in zip(XS, YS):
        err = err + np.sum((NET.step(x, params) - y) ** 2)
    return err / len(XS)


def inputs():
    r = npr.RandomState(22)
    return (
        {
            "W_xh": 0.5 * r.randn(3, 2),
            "W_hh": 0.5 * r.randn(3, 3),
            "b": np.zeros(3),
            "W_hy": 0.5 * r.randn(1, 3),
        },
    )
