"""A character-level GRU language model: parameters in a dict keyed by gate, the hidden
state advanced over enumerate(seq, start=1) with a running average of the loss, a
weight decay over itertools.chain of the gate weights and the output weights, and the sigmoid
written as 0.5 * (np.tanh(0.5 x) + 1)."""

import itertools

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd.scipy.special import logsumexp

TEXT = "hello world, hello autograd"
CHARS = sorted(set(TEXT))
ONE_HOT = np.eye(len(CHARS))[[CHARS.index(c) for c in TEXT]]
V, H = len(CHARS), 8


def sigmoid(x):
    return 0.5 * (np.tanh(0.5 * x) + 1.0)


def gru_step(p, h, x):
    xh = np.concatenate([x, h])
    z = sigmoid(p["Wz"] @ xh + p["bz"])
    r = sigmoid(p["Wr"] @ xh + p["br"])
    h_tilde = np.tanh(p["Wh"] @ np.concatenate([x, r * h]) + p["bh"])
    return (1 - z) * h + z * h_tilde


def loss(params):
    h = np.zeros(H)
    avg = 0.0
    for t, (x, target) in enumerate(zip(ONE_HOT[:-1], ONE_HOT[1:]), start=1):
        h = gru_step(params, h, x)
        logits = params["Wy"] @ h + params["by"]
        nll = -(np.dot(target, logits) - logsumexp(logits))
        avg = avg + (nll - avg) / t
    gates = [params[k] for k in ("Wz", "Wr", "Wh")]
    return avg + 1e-3 * sum(np.sum(w**2) for w in itertools.chain(gates, [params["Wy"]]))


def inputs():
    r = npr.RandomState(2617)
    p = {k: 0.3 * r.randn(H, V + H) for k in ("Wz", "Wr", "Wh")}
    p.update({k: np.zeros(H) for k in ("bz", "br", "bh")})
    p["Wy"], p["by"] = 0.3 * r.randn(V, H), np.zeros(V)
    return (p,)
