"""A RealNVP-style normalising flow: affine coupling layers as objects with __call__,
alternating binary masks, a list of layers composed in a loop that also sums the log
determinants; the parameters live in the layer objects and the loss rebuilds them."""

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd import grad


class Coupling:
    def __init__(self, params, mask):
        self.W1, self.b1, self.Ws, self.Wt = params
        self.mask = mask

    def __call__(self, x):
        masked = x * self.mask
        h = np.tanh(np.dot(masked, self.W1) + self.b1)
        s = np.tanh(np.dot(h, self.Ws)) * (1 - self.mask)
        t = np.dot(h, self.Wt) * (1 - self.mask)
        y = masked + (1 - self.mask) * (x * np.exp(s) + t)
        return y, np.sum(s, axis=1)


def build_flow(flat_params, dim):
    masks = [np.arange(dim) % 2 == k % 2 for k in range(len(flat_params))]
    return [Coupling(p, m.astype(float)) for p, m in zip(flat_params, masks)]


def log_prob(flow, x):
    log_det = np.zeros(x.shape[0])
    z = x
    for layer in flow:
        z, ld = layer(z)
        log_det = log_det + ld
    base = -0.5 * np.sum(z**2, axis=1) - 0.5 * z.shape[1] * np.log(2 * np.pi)
    return base + log_det


def loss(params, x):
    flow = build_flow(params, x.shape[1])
    return -np.mean(log_prob(flow, x))


def init_params(n_layers, dim, hidden, rs):
    return [
        [
            0.3 * rs.randn(dim, hidden),
            np.zeros(hidden),
            0.1 * rs.randn(hidden, dim),
            0.1 * rs.randn(hidden, dim),
        ]
        for _ in range(n_layers)
    ]


def inputs():
    rs = npr.RandomState(31)
    x = np.dot(rs.randn(16, 2), np.array([[1.0, 0.5], [0.0, 0.7]])) + np.array([1.0, -0.5])
    return init_params(3, 2, 5, rs), x


def result():
    params, x = inputs()
    g = grad(loss)
    for _ in range(3):
        grads = g(params, x)
        params = [
            [p - 0.05 * dp for p, dp in zip(layer, dlayer)] for layer, dlayer in zip(params, grads)
        ]
    return params
