"""An LSTM whose gates are computed in a dict comprehension over the letters "ifog"
({g: x @ W[g] + h @ U[g] + b[g] for g in GATES}), then split by key into sigmoid and tanh
activations; the sequence loss is the squared error of a readout at every step."""

import autograd.numpy as np
import autograd.numpy.random as npr

GATES = "ifog"
D, H = 2, 3
rs = npr.RandomState(3023)
XS = rs.randn(6, 4, D)
YS = np.cumsum(XS[:, :, :1], axis=0)


def sigmoid(z):
    return 0.5 * (np.tanh(0.5 * z) + 1.0)


def lstm_step(p, x, h, c):
    pre = {g: x @ p["W"][g] + h @ p["U"][g] + p["b"][g] for g in GATES}
    i, f, o = (sigmoid(pre[g]) for g in "ifo")
    g = np.tanh(pre["g"])
    c = f * c + i * g
    return o * np.tanh(c), c


def loss(p):
    h = c = np.zeros((XS.shape[1], H))
    err = 0.0
    for x, y in zip(XS, YS):
        h, c = lstm_step(p, x, h, c)
        err = err + np.mean((h @ p["V"] - y) ** 2)
    return err / len(XS)


def inputs():
    r = npr.RandomState(23)
    return (
        {
            "W": {g: 0.4 * r.randn(D, H) for g in GATES},
            "U": {g: 0.4 * r.randn(H, H) for g in GATES},
            "b": {g: np.zeros(H) for g in GATES},
            "V": 0.4 * r.randn(H, 1),
        },
    )
