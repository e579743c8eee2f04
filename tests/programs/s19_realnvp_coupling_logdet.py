"""A RealNVP density: two affine coupling layers alternating masks, each a small tanh
net giving log-scales and shifts, the log-determinant summed over layers; negative
log-likelihood of data under a standard normal base."""

import autograd.numpy as np
import autograd.numpy.random as npr


def coupling_net(params, x_masked):
    h = np.tanh(np.dot(x_masked, params["W"]) + params["b"])
    return np.tanh(np.dot(h, params["Ws"])), np.dot(h, params["Wt"])


def coupling_forward(params, x, mask):
    log_s, t = coupling_net(params, x * mask)
    log_s = log_s * (1 - mask)
    t = t * (1 - mask)
    y = x * mask + (1 - mask) * (x * np.exp(log_s) + t)
    return y, np.sum(log_s, axis=1)


def flow_log_prob(layers, x):
    masks = [np.array([1.0, 0.0]), np.array([0.0, 1.0])]
    log_det = np.zeros(x.shape[0])
    for params, mask in zip(layers, masks * (len(layers) // 2)):
        x, ld = coupling_forward(params, x, mask)
        log_det = log_det + ld
    base = -0.5 * np.sum(x**2, axis=1) - np.log(2 * np.pi)
    return base + log_det


def loss(layers, data):
    return -np.mean(flow_log_prob(layers, data))


def inputs():
    rs = npr.RandomState(1902)
    layers = [
        {
            "W": 0.5 * rs.randn(2, 5),
            "b": np.zeros(5),
            "Ws": 0.3 * rs.randn(5, 2),
            "Wt": 0.3 * rs.randn(5, 2),
        }
        for _ in range(4)
    ]
    data = np.stack([rs.randn(30), 0.5 * rs.randn(30) ** 2], axis=1)
    return layers, data
