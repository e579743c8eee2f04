"""Density estimation with stacked radial flows evaluated in the generative direction:
z' = z + beta h(alpha, r) (z - z0), with alpha = exp(log_alpha) and beta constrained to
beta >= -alpha by softplus; the log-determinant in closed form, params a list of dicts."""

import autograd.numpy as np
import autograd.numpy.random as npr


def radial(z, p):
    alpha = np.exp(p["log_alpha"])
    beta = -alpha + np.log1p(np.exp(p["beta_raw"]))
    diff = z - p["z0"]
    r = np.sqrt(np.sum(diff**2, axis=1) + 1e-8)
    h = 1.0 / (alpha + r)
    d = z.shape[1]
    z_new = z + (beta * h)[:, None] * diff
    log_det = (d - 1) * np.log(1 + beta * h) + np.log(1 + beta * h - beta * r * h**2)
    return z_new, log_det


def loss(layers, eps, data_center):
    z = eps
    log_q = -0.5 * np.sum(eps**2, axis=1) - np.log(2 * np.pi)
    for p in layers:
        z, ld = radial(z, p)
        log_q = log_q - ld
    log_p = -0.5 * np.sum((z - data_center) ** 2 / 0.5, axis=1)
    return np.mean(log_q - log_p)


def inputs():
    rs = npr.RandomState(46)
    layers = [
        {
            "z0": rs.randn(2),
            "log_alpha": np.array(0.1 * rs.randn()),
            "beta_raw": np.array(rs.randn()),
        }
        for _ in range(3)
    ]
    return layers, rs.randn(12, 2), np.array([1.0, -0.5])
