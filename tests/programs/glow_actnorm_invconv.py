"""A Glow-style normalising flow on 2-D data: actnorm (a per-dimension scale and shift),
an invertible linear map whose log-determinant comes from np.linalg.slogdet, and an
affine coupling layer with a tanh-bounded log-scale; steps stacked in a list and the
negative log-likelihood under a standard normal base."""

import autograd.numpy as np
import autograd.numpy.random as npr


def actnorm(x, p):
    return x * np.exp(p["log_s"]) + p["b"], np.sum(p["log_s"])


def invconv(x, p):
    sign, logdet = np.linalg.slogdet(p["W"])
    return np.dot(x, p["W"].T), logdet


def coupling(x, p):
    x1, x2 = x[:, :1], x[:, 1:]
    h = np.tanh(np.dot(x1, p["W1"]) + p["b1"])
    log_s = np.tanh(np.dot(h, p["W_s"]))
    y2 = x2 * np.exp(log_s) + np.dot(h, p["W_t"])
    return np.concatenate([x1, y2], axis=1), np.sum(log_s, axis=1)


def loss(steps, X):
    z, total_logdet = X, 0.0
    for p in steps:
        z, ld = actnorm(z, p)
        total_logdet = total_logdet + ld
        z, ld = invconv(z, p)
        total_logdet = total_logdet + ld
        z, ld = coupling(z, p)
        total_logdet = total_logdet + ld
    log_base = -0.5 * np.sum(z**2, axis=1) - np.log(2 * np.pi)
    return -np.mean(log_base + total_logdet)


def inputs():
    rs = npr.RandomState(109)
    steps = [
        {
            "log_s": 0.1 * rs.randn(2),
            "b": 0.1 * rs.randn(2),
            "W": np.eye(2) + 0.3 * rs.randn(2, 2),
            "W1": 0.5 * rs.randn(1, 4),
            "b1": np.zeros(4),
            "W_s": 0.3 * rs.randn(4, 1),
            "W_t": 0.3 * rs.randn(4, 1),
        }
        for _ in range(2)
    ]
    X = np.dot(rs.randn(10, 2), np.array([[1.0, 0.8], [0.0, 0.5]]))
    return steps, X
