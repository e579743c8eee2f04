"""Message passing over an edge list: messages computed per edge from the source and
target node states gathered by integer arrays (h[src], h[dst]), aggregated onto the
target nodes through a one-hot incidence matrix (np.eye(N)[dst].T @ messages), a GRU-free
residual update for a few rounds, and a graph-level readout regressed to a target."""

import autograd.numpy as np
import autograd.numpy.random as npr


def message_passing(params, h, src, dst, rounds=3):
    N = h.shape[0]
    incidence = np.eye(N)[dst].T  # (N, E)
    degree = np.maximum(np.sum(incidence, axis=1, keepdims=True), 1.0)
    for _ in range(rounds):
        m = np.tanh(np.dot(np.concatenate([h[src], h[dst]], axis=1), params["W_msg"]))
        agg = np.dot(incidence, m) / degree
        h = h + np.tanh(np.dot(np.concatenate([h, agg], axis=1), params["W_upd"]))
    return h


def loss(params, h0, src, dst, target):
    h = message_passing(params, h0, src, dst)
    readout = np.dot(np.mean(h, axis=0), params["w_out"])
    return (readout - target) ** 2


def inputs():
    rs = npr.RandomState(89)
    D = 3
    src = np.array([0, 1, 2, 3, 4, 0, 2])
    dst = np.array([1, 2, 3, 4, 0, 3, 0])
    params = {
        "W_msg": 0.4 * rs.randn(2 * D, D),
        "W_upd": 0.4 * rs.randn(2 * D, D),
        "w_out": rs.randn(D),
    }
    return params, rs.randn(5, D), src, dst, 0.7
