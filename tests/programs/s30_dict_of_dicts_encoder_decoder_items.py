"""Parameters as a dict of dicts, one inner dict per named block ({"enc1": {"W", "b"}, ...});
the forward pass walks a list of block names and reads params[name]["W"], and the
regulariser loops over params.items() and then over each block's values()."""

import autograd.numpy as np
import autograd.numpy.random as npr

BLOCKS = ["enc1", "enc2", "dec1", "dec2"]
SIZES = {"enc1": (5, 4), "enc2": (4, 2), "dec1": (2, 4), "dec2": (4, 5)}
rs = npr.RandomState(3003)
X = rs.randn(12, 5)


def block(p, x, last=False):
    z = np.dot(x, p["W"]) + p["b"]
    return z if last else np.tanh(z)


def reconstruct(params, x):
    h = x
    for name in BLOCKS:
        h = block(params[name], h, last=(name == BLOCKS[-1]))
    return h


def weight_decay(params):
    total = 0.0
    for name, p in params.items():
        for key, value in p.items():
            if key == "W":
                total = total + np.sum(value**2)
    return total


def loss(params):
    err = reconstruct(params, X) - X
    return 0.5 * np.mean(err**2) + 1e-3 * weight_decay(params)


def inputs():
    r = npr.RandomState(3)
    return ({n: {"W": 0.5 * r.randn(*SIZES[n]), "b": 0.1 * r.randn(SIZES[n][1])} for n in BLOCKS},)
