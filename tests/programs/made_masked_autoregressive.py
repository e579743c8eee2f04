"""A MADE-style masked autoregressive density: degree-based masks built by broadcast
comparisons, masked dense layers in a list comprehension over (W, b, mask)
triples, Gaussian conditionals with a log-scale head; trained with adam and a callback
that keeps every tenth loss."""

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd import grad
from autograd.misc.optimizers import adam

D, H = 3, 8


def build_masks(rs):
    in_deg = np.arange(1, D + 1)
    hid_deg = rs.randint(1, D, size=H)
    m1 = (in_deg[:, None] <= hid_deg[None, :]).astype(float)  # (D, H)
    m2 = (hid_deg[:, None] < in_deg[None, :]).astype(float)  # (H, D)
    return m1, m2


def made_forward(params, masks, x):
    (W1, b1), (Wm, bm), (Ws, bs) = params
    m1, m2 = masks
    h = np.tanh(np.dot(x, W1 * m1) + b1)
    mu = np.dot(h, Wm * m2) + bm
    log_scale = np.tanh(np.dot(h, Ws * m2) + bs)
    return mu, log_scale


def log_density(params, masks, x):
    mu, log_scale = made_forward(params, masks, x)
    z = (x - mu) * np.exp(-log_scale)
    return np.sum(-0.5 * z**2 - log_scale - 0.5 * np.log(2 * np.pi), axis=1)


def loss(params, masks, x):
    return -np.mean(log_density(params, masks, x))


def inputs():
    rs = npr.RandomState(73)
    x0 = rs.randn(24)
    x = np.column_stack([x0, 0.5 * x0**2 + 0.3 * rs.randn(24), np.sin(x0) + 0.2 * rs.randn(24)])
    sizes = [(D, H), (H, D), (H, D)]
    params = [(0.3 * rs.randn(m, n), np.zeros(n)) for m, n in sizes]
    return params, build_masks(rs), x


def result():
    params, masks, x = inputs()
    kept = []

    def objective(p, i):
        return loss(p, masks, x)

    def callback(p, i, g):
        if i % 10 == 0:
            kept.append(objective(p, i))

    params = adam(grad(objective), params, step_size=0.02, num_iters=30, callback=callback)
    return params, kept
