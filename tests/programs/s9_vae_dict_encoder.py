"""VAE with params in a dict of encoder/decoder lists, fixed noise eps from a RandomState
drawn outside, analytic KL, Gaussian decoder."""

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd import value_and_grad


def mlp(layers, x):
    for i, (W, b) in enumerate(layers):
        x = np.dot(x, W) + b
        if i < len(layers) - 1:
            x = np.maximum(x, 0.0) + 0.01 * np.minimum(x, 0.0)
    return x


def elbo(params, data, eps):
    h = mlp(params["enc"], data)
    d = h.shape[1] // 2
    mu, logvar = h[:, :d], h[:, d:]
    z = mu + np.exp(0.5 * logvar) * eps
    recon = mlp(params["dec"], z)
    log_lik = -0.5 * np.sum((data - recon) ** 2, axis=1)
    kl = -0.5 * np.sum(1 + logvar - mu**2 - np.exp(logvar), axis=1)
    return np.mean(log_lik - kl)


def loss(params, data, eps):
    return -elbo(params, data, eps)


def inputs():
    rs = npr.RandomState(2)
    enc = [(0.3 * rs.randn(4, 5), np.zeros(5)), (0.3 * rs.randn(5, 4), np.zeros(4))]
    dec = [(0.3 * rs.randn(2, 5), np.zeros(5)), (0.3 * rs.randn(5, 4), np.zeros(4))]
    return {"enc": enc, "dec": dec}, rs.randn(6, 4), rs.randn(6, 2)


def result():
    p, data, eps = inputs()
    vals = []
    for _ in range(3):
        v, g = value_and_grad(loss)(p, data, eps)
        vals.append(v)
        p = {k: [(W - 0.05 * gW, b - 0.05 * gb) for (W, b), (gW, gb) in zip(p[k], g[k])] for k in p}
    return np.array(vals)
