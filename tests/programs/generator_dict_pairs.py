"""Generators consumed by tuple unpacking, by np.stack(list(...)), by dict(...) and by zip."""

import autograd.numpy as np

X = np.random.RandomState(0).randn(3, 4)


def loss(params):
    Wq, Wk, Wv = params
    q, k, v = (np.dot(X, W) for W in (Wq, Wk, Wv))
    feats = dict((name, np.tanh(a)) for name, a in zip("qkv", (q, k, v)))
    s = np.stack(list(f.sum(axis=0) for f in feats.values()))
    return np.sum(s**2) + np.sum(q * k * v)


def inputs():
    r = np.random.RandomState(1)
    return ([r.randn(4, 2) * 0.5 for _ in range(3)],)
