"""Parameters handled as a dict throughout: the L2 penalty over sorted(params.items()),
a dict comprehension scaling them inside the loss, a per-layer loop over
range(len(LAYER_NAMES)) reading params[name + "_W"], and np.concatenate of the ravelled
parameters for a global norm."""

import autograd.numpy as np
from autograd import grad

LAYER_NAMES = ["in", "hid", "out"]
SIZES = {"in": (3, 4), "hid": (4, 4), "out": (4, 1)}
SCALES = {"in": 1.0, "hid": 0.5, "out": 2.0}
rs = np.random.RandomState(5)
X = rs.randn(8, 3)
Y = rs.randn(8, 1)


def forward(params, x):
    scaled = {k: v * SCALES[k.split("_")[0]] for k, v in params.items()}
    h = x
    for i in range(len(LAYER_NAMES)):
        name = LAYER_NAMES[i]
        h = np.dot(h, scaled[name + "_W"]) + scaled[name + "_b"]
        if i != len(LAYER_NAMES) - 1:
            h = np.maximum(h, 0.1 * h)
    return h


def loss(params):
    err = np.mean((forward(params, X) - Y) ** 2)
    l2 = sum(np.sum(v**2) for k, v in sorted(params.items()) if k.endswith("_W"))
    flat = np.concatenate([params[k].ravel() for k in sorted(params)])
    return err + 1e-2 * l2 + 1e-3 * np.sqrt(np.sum(flat**2))


def inputs():
    r = np.random.RandomState(6)
    params = {}
    for name in LAYER_NAMES:
        m, n = SIZES[name]
        params[name + "_W"] = r.randn(m, n) * 0.4
        params[name + "_b"] = np.zeros(n) + 0.05
    return (params,)


def result():
    params = inputs()[0]
    for _ in range(3):
        g = grad(loss)(params)
        params = {k: params[k] - 0.05 * g[k] for k in sorted(params)}
    return params
