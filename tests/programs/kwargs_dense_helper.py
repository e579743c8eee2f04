"""Layers through a helper with keyword defaults and **kwargs (activation, use_bias,
dropout mask), configuration dicts splatted into the calls (dense(h, **cfg)), and layer
names looked up in a dict of parameters by f-string keys."""

import autograd.numpy as np
import autograd.numpy.random as npr


def dense(x, W, b=None, activation=None, use_bias=True, **kwargs):
    out = np.dot(x, W)
    if use_bias and b is not None:
        out = out + b
    if activation is not None:
        out = activation(out)
    mask = kwargs.get("mask")
    if mask is not None:
        out = out * mask / kwargs.get("keep", 1.0)
    return out


ACTIVATIONS = {"tanh": np.tanh, "softplus": lambda z: np.logaddexp(0, z), "linear": None}
CONFIG = [
    {"activation": "tanh", "use_bias": True},
    {"activation": "softplus", "use_bias": False},
    {"activation": "linear", "use_bias": True},
]


def forward(params, x, masks=None):
    h = x
    for i, cfg in enumerate(CONFIG):
        kw = dict(activation=ACTIVATIONS[cfg["activation"]], use_bias=cfg["use_bias"])
        if masks is not None and i < len(masks):
            kw["mask"] = masks[i]
            kw["keep"] = 0.8
        h = dense(h, params[f"W{i}"], params.get(f"b{i}"), **kw)
    return h


def loss(params, x, y, masks):
    pred = forward(params, x, masks=masks)
    return np.mean((pred[:, 0] - y) ** 2)


def inputs():
    rs = npr.RandomState(53)
    sizes = [3, 5, 4, 1]
    params = {}
    for i, (m, n) in enumerate(zip(sizes[:-1], sizes[1:])):
        params[f"W{i}"] = 0.5 * rs.randn(m, n)
        if CONFIG[i]["use_bias"]:
            params[f"b{i}"] = 0.1 * rs.randn(n)
    x = rs.randn(6, 3)
    masks = [(rs.rand(6, 5) < 0.8).astype(float)]
    return params, x, np.sin(x[:, 0]), masks
