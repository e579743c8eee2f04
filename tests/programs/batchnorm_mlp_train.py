"""An MLP with batch normalisation in training mode: per-feature batch mean and variance
(axis=0, keepdims=True), learned scale and shift, running statistics updated outside the
gradient in result(); ELU activations by np.where with np.expm1."""

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd import grad


def elu(x):
    return np.where(x > 0, x, np.expm1(np.minimum(x, 0)))


def batchnorm(x, gamma, beta, eps=1e-5):
    mean = np.mean(x, axis=0, keepdims=True)
    var = np.mean((x - mean) ** 2, axis=0, keepdims=True)
    return gamma * (x - mean) / np.sqrt(var + eps) + beta, mean, var


def forward(params, x):
    stats = []
    h = x
    for W, gamma, beta in params[:-1]:
        h, m, v = batchnorm(np.dot(h, W), gamma, beta)
        stats.append((m, v))
        h = elu(h)
    return np.dot(h, params[-1][0]), stats


def loss(params, x, y):
    out, _ = forward(params, x)
    return np.mean((out[:, 0] - y) ** 2)


def inputs():
    rs = npr.RandomState(79)
    params = [
        (0.5 * rs.randn(3, 5), np.ones(5), np.zeros(5)),
        (0.5 * rs.randn(5, 4), np.ones(4) + 0.1 * rs.randn(4), 0.1 * rs.randn(4)),
        (0.5 * rs.randn(4, 1),),
    ]
    x = rs.randn(10, 3)
    return params, x, np.sin(x[:, 0]) + x[:, 1]


def result():
    params, x, y = inputs()
    g = grad(loss)
    running = None
    for it in range(4):
        grads = g(params, x, y)
        params = [tuple(p - 0.1 * d for p, d in zip(layer, dl)) for layer, dl in zip(params, grads)]
        _, stats = forward(params, x)
        means = [m for m, v in stats]
        running = means if running is None else [0.9 * r + 0.1 * m for r, m in zip(running, means)]
    return params, running
