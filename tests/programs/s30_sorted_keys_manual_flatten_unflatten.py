"""Hand-written flatten/unflatten of a parameter dict over sorted(params) keys, with the
shapes recorded in a list of (key, shape, size) entries by a helper; the loss takes the
flat vector, rebuilds the dict and runs a two-layer classifier with a softplus penalty."""

import autograd.numpy as np
import autograd.numpy.random as npr

rs = npr.RandomState(3035)
X = rs.randn(20, 3)
T = (np.sum(X**2, axis=1) > 3.0).astype(float)
TEMPLATE = {
    "w_out": np.zeros(4),
    "W_hid": np.zeros((3, 4)),
    "b_hid": np.zeros(4),
    "b_out": np.zeros(()),
}


def layout(params):
    return [(k, np.shape(params[k]), int(np.size(params[k]))) for k in sorted(params)]


LAYOUT = layout(TEMPLATE)


def flatten(params):
    return np.concatenate([np.ravel(params[k]) for k, _, _ in LAYOUT])


def unflatten(flat):
    out, start = {}, 0
    for key, shape, size in LAYOUT:
        out[key] = np.reshape(flat[start : start + size], shape)
        start += size
    return out


def loss(flat):
    p = unflatten(flat)
    h = np.tanh(X @ p["W_hid"] + p["b_hid"])
    logits = h @ p["w_out"] + p["b_out"]
    return np.mean(np.logaddexp(0.0, logits) - T * logits) + 0.01 * np.sum(np.logaddexp(0.0, flat))


def inputs():
    r = npr.RandomState(35)
    return (flatten({k: 0.5 * r.randn(*np.shape(v)) for k, v in TEMPLATE.items()}),)
