"""A 1-D convolutional classifier written by hand: windows of a dilated, strided
convolution are gathered with a list comprehension of slices and np.array, the filters
are applied with np.tensordot, max-pooling reshapes and takes .max(axis=2), and a dense
softmax head gives the cross-entropy over a batch of sequences."""

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd.scipy.special import logsumexp

rs = npr.RandomState(2610)
BATCH, LENGTH, CHANNELS = 6, 20, 2
X = rs.randn(BATCH, LENGTH, CHANNELS)
LABELS = rs.randint(0, 3, size=BATCH)


def conv1d(x, filters, bias, stride=1, dilation=2):
    k = filters.shape[0]
    span = dilation * (k - 1) + 1
    windows = np.array(
        [x[:, i : i + span : dilation, :] for i in range(0, x.shape[1] - span + 1, stride)]
    )  # (positions, batch, k, channels)
    out = np.tensordot(windows, filters, axes=([2, 3], [0, 1]))  # (positions, batch, out)
    return np.transpose(out, (1, 0, 2)) + bias


def max_pool(h, size=2):
    b, n, c = h.shape
    n = (n // size) * size
    return h[:, :n, :].reshape(b, n // size, size, c).max(axis=2)


def loss(params):
    h = np.maximum(conv1d(X, params["filters"], params["bias"]), 0.0)
    h = max_pool(h)
    feats = h.reshape(BATCH, -1)
    logits = feats @ params["W"] + params["b"]
    logp = logits - logsumexp(logits, axis=1, keepdims=True)
    return -np.mean(logp[np.arange(BATCH), LABELS])


def inputs():
    r = npr.RandomState(10)
    n_pos = (LENGTH - 7 + 1) // 2
    return (
        {
            "filters": 0.3 * r.randn(4, CHANNELS, 5),
            "bias": 0.1 * r.randn(5),
            "W": 0.1 * r.randn(n_pos * 5, 3),
            "b": np.zeros(3),
        },
    )
