"""A pre-norm transformer block as a class holding a dict of parameters: layer norm,
single-head attention with a causal mask, a GELU feed-forward, residual connections."""

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd import grad


class Block:
    def __init__(self, params, eps=1e-5):
        self.p = params
        self.eps = eps

    def layernorm(self, x, gain, bias):
        mu = np.mean(x, axis=-1, keepdims=True)
        var = np.mean((x - mu) ** 2, axis=-1, keepdims=True)
        return gain * (x - mu) / np.sqrt(var + self.eps) + bias

    def attention(self, x):
        q, k, v = [np.dot(x, self.p[name]) for name in ("Wq", "Wk", "Wv")]
        scores = np.dot(q, k.T) / np.sqrt(q.shape[-1])
        n = x.shape[0]
        mask = np.tril(np.ones((n, n)))
        scores = np.where(mask > 0, scores, -1e9)
        scores = scores - np.max(scores, axis=-1, keepdims=True)
        weights = np.exp(scores)
        weights = weights / np.sum(weights, axis=-1, keepdims=True)
        return np.dot(weights, v)

    def __call__(self, x):
        h = x + self.attention(self.layernorm(x, self.p["g1"], self.p["b1"]))
        z = self.layernorm(h, self.p["g2"], self.p["b2"])
        u = np.dot(z, self.p["W1"])
        gelu = 0.5 * u * (1 + np.tanh(0.7978845608 * (u + 0.044715 * u**3)))
        return h + np.dot(gelu, self.p["W2"])


def init_params(d, hidden, rs):
    shapes = {"Wq": (d, d), "Wk": (d, d), "Wv": (d, d), "W1": (d, hidden), "W2": (hidden, d)}
    params = {k: 0.3 * rs.randn(*s) for k, s in shapes.items()}
    params.update(g1=np.ones(d), b1=np.zeros(d), g2=np.ones(d), b2=np.zeros(d))
    return params


def loss(params, x, target):
    out = Block(params)(x)
    return np.mean((out - target) ** 2)


def inputs():
    rs = npr.RandomState(1901)
    return init_params(4, 6, rs), rs.randn(5, 4), rs.randn(5, 4)


def result():
    params, x, target = inputs()
    g = grad(loss)(params, x, target)
    return {k: params[k] - 0.1 * g[k] for k in sorted(g)}
