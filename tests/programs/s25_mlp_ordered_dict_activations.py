"""An MLP whose forward pass records every layer's activation in a
collections.OrderedDict keyed by layer name (as Keras-minded code does for inspection),
with the parameters an OrderedDict-free list of dicts; the loss is a squared error plus
an activation-sparsity penalty summed over acts.values() and a count of the recorded
layers read with len(acts)."""

from collections import OrderedDict

import autograd.numpy as np
import autograd.numpy.random as npr

rs = npr.RandomState(2519)
X = rs.randn(12, 3)
Y = np.sum(X**2, axis=1, keepdims=True) * 0.3


def forward(params, x):
    acts = OrderedDict()
    h = x
    for i, layer in enumerate(params):
        z = np.dot(h, layer["W"]) + layer["b"]
        h = np.tanh(z) if i < len(params) - 1 else z
        acts["layer_%d" % i] = h  # noqa: UP031
    return h, acts


def loss(params):
    out, acts = forward(params, X)
    sparsity = sum(np.mean(np.abs(a)) for a in acts.values()) / len(acts)
    return np.mean((out - Y) ** 2) + 0.01 * sparsity


def inputs():
    r = npr.RandomState(19)
    sizes = [3, 5, 4, 1]
    return (
        [{"W": 0.5 * r.randn(m, n), "b": 0.1 * r.randn(n)} for m, n in zip(sizes[:-1], sizes[1:])],
    )
