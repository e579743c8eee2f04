"""A bidirectional RNN whose parameters are a nested tree (dicts of lists and tuples),
with the tree utilities such code writes: a recursive L2 norm and leaf count that
dispatch on isinstance (autograd.builtins'), a direction chosen by
`order = reversed(range(T)) if backwards else range(T)`, states stored by position, and
a clipped global-norm penalty."""

import autograd.numpy as np
from autograd.builtins import isinstance

T, D, H = 4, 2, 3
rs = np.random.RandomState(7)
SEQ = [rs.randn(D) for _ in range(T)]
TARGETS = rs.randn(T)


def tree_sq(t):
    if isinstance(t, dict):
        return sum(tree_sq(t[k]) for k in sorted(t))
    if isinstance(t, (list, tuple)):
        return sum(tree_sq(v) for v in t)
    return np.sum(t * t)


def n_leaves(t):
    if isinstance(t, dict):
        return n_leaves(list(t.values()))
    if isinstance(t, (list, tuple)):
        return sum([n_leaves(v) for v in t])
    return 1


def cell(p, x, h):
    Wx, Wh = p["weights"]
    return np.tanh(np.dot(Wx, x) + np.dot(Wh, h) + p["bias"][0])


def run(p, backwards=False):
    order = reversed(range(T)) if backwards else range(T)
    h = np.zeros(H)
    states = [None] * T
    for t in order:
        h = cell(p, SEQ[t], h)
        states[t] = h
    return states


def loss(params):
    fwd = run(params["rnn"]["fwd"])
    bwd = run(params["rnn"]["bwd"], backwards=True)
    w_out, b_out = params["head"]
    err = 0.0
    for t in range(T):
        y = np.dot(w_out, np.concatenate([fwd[t], bwd[t]])) + b_out[0]
        err = err + (y - TARGETS[t]) ** 2
    norm = np.sqrt(tree_sq(params) + 1e-8)
    return err / T + 1e-2 * np.minimum(norm, 3.0) ** 2 / n_leaves(params)


def _direction(r):
    return {"weights": (r.randn(H, D) * 0.5, r.randn(H, H) * 0.3), "bias": [r.randn(H) * 0.1]}


def inputs():
    r = np.random.RandomState(8)
    return (
        {
            "rnn": {"fwd": _direction(r), "bwd": _direction(r)},
            "head": [r.randn(2 * H) * 0.4, np.zeros(1) + 0.05],
        },
    )
