"""A temporal convolutional network: causal dilated 1-D convolutions written with np.pad
on the time axis (left padding only) and a sum of shifted slices per kernel tap,
dilations doubling per layer, residual connections, and a one-step-ahead MSE."""

import autograd.numpy as np
import autograd.numpy.random as npr


def causal_conv(x, W, dilation):
    # x: (T, C_in); W: (K, C_in, C_out)
    K = W.shape[0]
    T = x.shape[0]
    pad = dilation * (K - 1)
    xp = np.pad(x, ((pad, 0), (0, 0)), mode="constant")
    out = 0.0
    for k in range(K):
        start = k * dilation
        out = out + np.dot(xp[start : start + T], W[k])
    return out


def tcn(params, x):
    h = x
    for level, (W, b) in enumerate(params["blocks"]):
        y = np.tanh(causal_conv(h, W, 2**level) + b)
        h = h + y if h.shape[1] == y.shape[1] else y
    return np.dot(h, params["head"])


def loss(params, series):
    pred = tcn(params, series[:-1])
    return np.mean((pred - series[1:]) ** 2)


def inputs():
    rs = npr.RandomState(102)
    C = 2
    blocks = [(0.4 * rs.randn(2, C, C), 0.1 * rs.randn(C)) for _ in range(3)]
    t = np.linspace(0, 4 * np.pi, 20)
    series = np.stack([np.sin(t), np.cos(0.5 * t)], axis=1)
    return {"blocks": blocks, "head": 0.5 * rs.randn(C, C)}, series
